"""The load scenarios: each is a URL and a wrk Lua script written from bench/lua/ and the data manifest."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

LUA = Path(__file__).resolve().parent / "lua"


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


@dataclass
class Scenario:
    name: str
    path: Callable[[dict], str]
    # Lua lines that set the request up (globals the script template reads), given the context.
    setup: Callable[[dict, int], str]
    template: str = "get.lua"
    reference: bool = False
    writes: bool = False
    # Which of the context's tokens the requests carry (the bench organisation's by default).
    token: str = "token"

    def script(self, context: dict, directory: Path, pool_offset: int, threads: int) -> Path:
        body = "\n".join([
            f"TOKEN = {lua_string(context[self.token])}",
            f"NONCE = {lua_string(uuid.uuid4().hex[:12])}",
            f"POOL_OFFSET = {pool_offset}",
            f"THREADS = {threads}",
            self.setup(context, pool_offset),
            (LUA / self.template).read_text(),
            (LUA / "report.lua").read_text(),
        ])
        script = directory / f"{self.name}.lua"
        script.write_text(body)
        return script


def none(_context: dict, _offset: int) -> str:
    return ""


def agreements_list(context: dict) -> str:
    f = context["manifest"]["list_filter"]
    return f"/api/v1/collaboration-agreements?corporation_sole={f['party']}&status={f['status']}&limit=50"


def known_at_now() -> str:
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def approval_setup(context: dict, _offset: int) -> str:
    pool = context["manifest"]["approval_pool"]
    pairs_file = Path(context["manifest"]["dir"]) / pool["pairs_file"]
    # Each pool agreement has its own party row for the bench organisation: the script puts it in.
    body = {**pool["body"], "party_id": "__PARTY__"}
    return f"PAIRS_FILE = {lua_string(str(pairs_file))}\nBODY = {lua_string(json.dumps(body))}"


def post_setup(key: str) -> Callable[[dict, int], str]:
    return lambda context, _offset: f"BODY = {lua_string(json.dumps(context['manifest'][key]))}"


def authority_days_setup(context: dict, _offset: int) -> str:
    # The script puts a day of its own in each request (bench/lua/authority_days.lua).
    body = {**context["manifest"]["authority_check"], "on": "__DAY__"}
    return f"BODY = {lua_string(json.dumps(body))}"


def create_setup(context: dict, _offset: int) -> str:
    # A reference is unique: the script gives every create its own.
    body = {**context["manifest"]["create_body"], "reference": "__REFERENCE__"}
    return f"BODY = {lua_string(json.dumps(body))}"


SCENARIOS = [
    Scenario("static_json", lambda c: "/healthz", none, template="anonymous.lua", reference=True),
    # The minimal reference server (bench/reference-server): the same GET, answered by a token check and
    # one prepared SELECT of the stored body; the harness points this scenario at that server.
    Scenario("reference_server", lambda c: f"/api/v1/collaboration-agreements/{c['manifest']['agreement_id']}",
             none, reference=True),
    Scenario("get_agreement", lambda c: f"/api/v1/collaboration-agreements/{c['manifest']['agreement_id']}", none),
    # Issue 13: the same reads as the service held them at an instant (`known_at`: the harness first records
    # a review of the agreement through the API, so it has a kept state as any record changed since history
    # began) and as the world stood on a day (`as_of`), each beside the read without it.
    Scenario("get_agreement_known_at",
             lambda c: f"/api/v1/collaboration-agreements/{c['manifest']['agreement_id']}"
                       f"?known_at={c.get('known_at') or known_at_now()}",
             none),
    Scenario("get_agreement_as_of",
             lambda c: f"/api/v1/collaboration-agreements/{c['manifest']['agreement_id']}?as_of=2025-06-30", none),
    Scenario("get_board", lambda c: f"/api/v1/boards/{c['manifest']['board_id']}", none),
    Scenario("get_board_as_of", lambda c: f"/api/v1/boards/{c['manifest']['board_id']}?as_of=2025-06-30", none),
    Scenario("list_first_page", agreements_list, none),
    Scenario("list_deep_page", lambda c: agreements_list(c) + f"&cursor={c['deep_cursor']}", none),
    # The first page again, after a different cursor before every id each request: what a page costs
    # when it is not remembered.
    Scenario("list_first_page_cold", agreements_list, none, template="list_cold.lua"),
    Scenario("board_decisions", lambda c: f"/api/v1/boards/{c['manifest']['board_id']}/decisions?limit=50", none),
    # A different page of the same register each request: what a page costs when it is not remembered.
    Scenario("board_decisions_pages",
             lambda c: f"/api/v1/boards/{c['manifest']['board_id']}/decisions?limit=50", none, template="pages.lua"),
    Scenario("board_actions", lambda c: f"/api/v1/actions?board={c['manifest']['board_id']}&limit=50", none),
    # Issue 18's search: a board's records by a common word, and the whole national record by two words
    # (both match about one record in eight of the bench data; each hit is then checked as its read).
    Scenario("search_board", lambda c: f"/api/v1/search?q=forensic&board={c['manifest']['board_id']}&limit=20",
             none),
    Scenario("search_national", lambda c: "/api/v1/search?q=estates+rationalisation&limit=20", none),
    # Issue 18's change feed: a first page of 50 for the platform, which sees every event, and for the
    # organisation that may see about 1% of the history (bench-data's synthetic history: an update of each
    # unpublished agreement; the manifest's `feed.sparse_org`).
    Scenario("feed_platform", lambda c: "/api/v1/events?limit=50", none, token="admin"),
    Scenario("feed_sparse", lambda c: "/api/v1/events?limit=50", none, token="sparse"),
    Scenario("authority_check", lambda c: "/api/v1/authority-checks", post_setup("authority_check"),
             template="post.lua"),
    # The same question on a different day each time: what a check costs when its facts are not remembered.
    Scenario("authority_check_days", lambda c: "/api/v1/authority-checks", authority_days_setup,
             template="authority_days.lua"),
    Scenario("approve_agreement", lambda c: "/api/v1/collaboration-agreements", approval_setup,
             template="approve.lua", writes=True),
    Scenario("create_agreement", lambda c: "/api/v1/collaboration-agreements", create_setup,
             template="create.lua", writes=True),
]
