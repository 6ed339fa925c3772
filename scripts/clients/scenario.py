"""End-to-end scenario through the Python client generated from the served OpenAPI document.

Every request goes through the generated package `governance_client` (no raw HTTP here); tokens are
minted with `governance token`. Prints a short transcript and exits non-zero on the first failure.

Usage: python scenario.py <base url> <governance binary>
"""

import datetime
import json
import subprocess
import sys

from governance_client import AuthenticatedClient, Client
from governance_client.api.agreements import (
    approve_collaboration_agreement,
    attach_collaboration_agreement_document,
    commence_collaboration_agreement,
    create_collaboration_agreement,
    get_collaboration_agreement,
    list_collaboration_agreements,
    sign_collaboration_agreement,
)
from governance_client.api.boards import (
    add_decision_approval,
    add_meeting_attendance,
    create_board,
    create_decision,
    create_meeting,
    get_board,
    get_meeting,
    record_meeting_held,
)
from governance_client.api.delegations import check_authority, list_corporation_sole_authority
from governance_client.api.events import export_records, list_events
from governance_client.api.registry import (
    create_corporation_sole,
    create_transfer_order,
    execute_transfer_order,
    get_person,
    list_appointments,
    list_corporations_sole,
    list_forces,
    preview_transfer_order,
)
from governance_client.models import (
    AuthorityCheckRequest,
    Commencement,
    MeetingOutcome,
    NewApproval,
    NewAttendance,
    NewBoard,
    NewCollaborationAgreement,
    NewDecision,
    NewDecisionApproval,
    NewDocument,
    NewCorporationSole,
    NewMeeting,
    NewSignature,
    NewTransferOrder,
    TransferExecution,
    TransferPreviewRequest,
)
from governance_client.models.agreement_status import AgreementStatus
from governance_client.models.export_kind import ExportKind
from governance_client.models.corporation_sole_kind import CorporationSoleKind

BASE, BINARY = sys.argv[1], sys.argv[2]
RATIONALE = {
    "efficiency_or_effectiveness": "one joint unit across three forces: fewer handoffs, one on-call rota",
    "existing_collaboration_considered": "builds on the BCH Strategic Alliance",
    "consistency_considered": "consistent with the BCH operational support collaborations",
    "other_opportunities_considered": "regional and national options were considered and rejected",
}


class ScenarioFailed(Exception):
    pass


def say(message):
    print(message, flush=True)


def token(org, roles, person=None):
    command = [BINARY, "token", "--org", org, "--roles", ",".join(roles)]
    if person:
        command += ["--person", str(person)]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def client_for(org, roles, person=None):
    return AuthenticatedClient(base_url=BASE, token=token(org, roles, person), raise_on_unexpected_status=True)


def call(what, operation, expect, **arguments):
    """Calls a generated operation and insists on the status; returns (parsed body, ETag)."""
    response = operation.sync_detailed(**arguments)
    if response.status_code != expect:
        detail = response.parsed.to_dict() if hasattr(response.parsed, "to_dict") else response.content[:500]
        raise ScenarioFailed(f"{what}: expected {expect}, got {int(response.status_code)}: {detail}")
    return response.parsed, response.headers.get("etag")


def one(what, items):
    if len(items) != 1:
        raise ScenarioFailed(f"{what}: expected exactly one, found {len(items)}")
    return items[0]


def check(condition, message):
    if not condition:
        raise ScenarioFailed(message)


def main():
    anonymous = Client(base_url=BASE, raise_on_unexpected_status=True)
    admin = client_for("governance-service", ["system_admin"])

    say("== registry lookups (anonymous)")
    forces, _ = call("list forces", list_forces, 200, client=anonymous, limit=200)
    by_slug = {force.slug: force for force in forces.items}
    for slug in ("bedfordshire", "cambridgeshire", "hertfordshire", "west-mercia", "warwickshire"):
        check(slug in by_slug, f"force {slug} missing from the registry")
    say(f"forces: {len(forces.items)} ({', '.join(sorted(by_slug))})")
    offices, _ = call("list corporations sole", list_corporations_sole, 200, client=anonymous, limit=200)
    office = {cs.slug: cs for cs in offices.items}
    say(f"corporations sole: {len(offices.items)}")
    pccs_2017, _ = call(
        "PCCs on 2017-07-26",
        list_corporations_sole,
        200,
        client=anonymous,
        kind=CorporationSoleKind.PCC,
        as_of=datetime.date(2017, 7, 26),
        limit=200,
    )
    say(f"PCC offices on 2017-07-26: {len(pccs_2017.items)}")
    holders = {}
    for slug in ("west-mercia-pcc", "warwickshire-pcc"):
        appointments, _ = call(
            f"appointments of {slug}",
            list_appointments,
            200,
            client=anonymous,
            corporation_sole=office[slug].id,
            as_of=datetime.date(2017, 7, 26),
        )
        appointment = one(f"holder of {slug} on 2017-07-26", appointments.items)
        person, _ = call("get person", get_person, 200, id=appointment.person_id, client=anonymous)
        holders[slug] = person
        say(f"{office[slug].name} on 2017-07-26: {person.full_name} (appointment {appointment.id}, since {appointment.starts_on})")

    say("== BCH collaboration agreement: draft to in force")
    areas = ("bedfordshire", "cambridgeshire", "hertfordshire")
    force_orgs = {"bedfordshire": "bedfordshire-police", "cambridgeshire": "cambridgeshire-constabulary",
                  "hertfordshire": "hertfordshire-constabulary"}
    party_orgs = {}
    for area in areas:
        party_orgs[office[f"{area}-pcc"].id] = f"{area}-opcc"
        party_orgs[office[f"{area}-chief-constable"].id] = force_orgs[area]
    party_clients = {cs: client_for(org, ["contributor", "approver"]) for cs, org in party_orgs.items()}
    lead = party_clients[office["bedfordshire-pcc"].id]
    draft = NewCollaborationAgreement.from_dict({
        "reference": "BCH-S22A-CLIENT-SCENARIO",
        "title": "BCH armed policing (generated client scenario)",
        "summary": "A joint armed policing unit for Bedfordshire, Cambridgeshire and Hertfordshire",
        "lead_force_id": str(by_slug["bedfordshire"].id),
        "lead_board_name": "BCH Strategic Alliance Board",
        "withdrawal_notice_months": 12,
        "withdrawal_effective_rule": "31 March after 12 months' notice",
        "parties": [{"corporation_sole_id": str(cs)} for cs in party_orgs],
        "provisions": [{
            "kind": "fcp",
            "function": "Armed policing",
            "forces": [str(by_slug[area].id) for area in areas],
            "direction_and_control": str(office["bedfordshire-chief-constable"].id),
        }],
    })
    agreement, etag = call("create agreement", create_collaboration_agreement, 201, client=lead, body=draft,
                           idempotency_key="client-scenario-bch")
    say(f"created {agreement.reference}: id {agreement.id}, status {agreement.status.value}, "
        f"{len(agreement.parties)} parties")
    document = NewDocument.from_dict({"title": "Collaboration agreement", "version_label": "v1.0", "sha256": "c" * 64,
                                      "uri": "https://example.org/bch-armed-policing.pdf", "dated": "2015-11-20"})
    agreement, etag = call("attach document", attach_collaboration_agreement_document, 200, id=agreement.id,
                           client=lead, body=document, if_match=etag)
    say(f"document attached: {len(agreement.documents)} document(s), version {agreement.version}")
    # The BCH offices' holders of 2015 are not all in the demo registry, so (R-TM-02) nobody can be
    # named as acting: each party's approval and signature is recorded from the Business Coordination
    # Board's papers of 26 November 2015 (seed 003), as the paper words it (R-TM-05).
    bcb_paper = "3fae6e5aa430d757eccdb2911dc1daf6ac6135b5faaa9a8ed448ab87142b2e52"
    for party in agreement.parties:
        approval = NewApproval.from_dict({"party_id": str(party.id), "approved_on": "2015-11-26",
                                          "record_of_decision": f"DEC-{party_orgs[party.corporation_sole_id]}",
                                          "rationale": RATIONALE, "capacity": "party, as the Board's papers record",
                                          "evidence": {"sha256": bcb_paper, "uri": "shared/seeds",
                                                       "locator": "item 9.6: approval to sign the S22A Agreements"}})
        agreement, etag = call(f"approval by {party_orgs[party.corporation_sole_id]}", approve_collaboration_agreement,
                               200, id=agreement.id, client=party_clients[party.corporation_sole_id], body=approval,
                               if_match=etag)
        say(f"approved by {party_orgs[party.corporation_sole_id]} -> status {agreement.status.value}")
    for party in agreement.parties:
        signature = NewSignature.from_dict({"party_id": str(party.id), "signatory_name": f"Signatory for {party_orgs[party.corporation_sole_id]}",
                                            "capacity": "office holder", "signed_on": "2015-11-27",
                                            "evidence": {"sha256": bcb_paper, "uri": "shared/seeds",
                                                         "locator": "report para 2.4: to be agreed and signed on 27 November 2015"}})
        agreement, etag = call(f"signature by {party_orgs[party.corporation_sole_id]}", sign_collaboration_agreement,
                               200, id=agreement.id, client=party_clients[party.corporation_sole_id], body=signature,
                               if_match=etag)
        say(f"signed by {party_orgs[party.corporation_sole_id]} -> status {agreement.status.value}")
    agreement, etag = call("commencement", commence_collaboration_agreement, 200, id=agreement.id, client=lead,
                           body=Commencement.from_dict({"in_force_from": "2015-12-01"}), if_match=etag)
    check(agreement.status.value == "in_force", f"agreement is {agreement.status.value}, not in_force")
    say(f"commenced: status {agreement.status.value} from {agreement.in_force_from}, version {agreement.version}, ETag {etag}")
    again, _ = call("get agreement", get_collaboration_agreement, 200, id=agreement.id, client=lead)
    check(again.status.value == "in_force", "the agreement read back is not in force")
    in_force, _ = call("list in force", list_collaboration_agreements, 200, client=lead, status=AgreementStatus.IN_FORCE, limit=200)
    check(any(item.id == agreement.id for item in in_force.items), "the agreement is not listed as in force")
    say(f"listed among {len(in_force.items)} in-force agreement(s) visible to bedfordshire-opcc")

    say("== board meeting and a decision approved by two corporations sole")
    wm_pcc, wk_pcc = office["west-mercia-pcc"], office["warwickshire-pcc"]
    secretary = client_for("west-mercia-opcc", ["secretary"])
    board, _ = call("create board", create_board, 201, client=secretary, body=NewBoard.from_dict({
        "name": "Alliance client scenario board", "kind": "other", "owners": [str(wm_pcc.id), str(wk_pcc.id)],
        "established_on": "2017-01-01"}), idempotency_key="client-scenario-board")
    say(f"board {board.name}: id {board.id}")
    meeting, _ = call("create meeting", create_meeting, 201, id=board.id, client=secretary, body=NewMeeting.from_dict({
        "date": "2017-07-27", "start_time": "14:00", "venue": "Hindlip Hall",
        "chairs": [str(holders["west-mercia-pcc"].id), str(holders["warwickshire-pcc"].id)]}))
    say(f"meeting {meeting.date} {meeting.start_time}: id {meeting.id}, quorate {meeting.quorum.quorate}")
    for slug, cs in (("west-mercia-pcc", wm_pcc), ("warwickshire-pcc", wk_pcc)):
        call(f"attendance of {holders[slug].full_name}", add_meeting_attendance, 201, id=meeting.id, client=secretary,
             body=NewAttendance.from_dict({"person_id": str(holders[slug].id), "kind": "present", "capacity": cs.name,
                                           "corporation_sole_id": str(cs.id), "voting": True}))
        say(f"attended: {holders[slug].full_name} for {cs.name}")
    meeting, etag = call("get meeting", get_meeting, 200, id=meeting.id, client=secretary)
    check(meeting.quorum.quorate, "the meeting is not quorate")
    meeting, _ = call("meeting held", record_meeting_held, 200, id=meeting.id, client=secretary,
                      body=MeetingOutcome.from_dict({}), if_match=etag)
    say(f"meeting quorate {meeting.quorum.quorate}, status {meeting.status.value}")
    decision, _ = call("create decision", create_decision, 201, id=meeting.id, client=secretary,
                       body=NewDecision.from_dict({"subject": "Adopt the joint estates strategy", "outcome": "agreed",
                                                   "required_approvers": [str(wm_pcc.id), str(wk_pcc.id)]}))
    say(f"decision {decision.number} '{decision.subject}': id {decision.id}, agreed {decision.agreed}")
    for slug, cs in (("west-mercia-pcc", wm_pcc), ("warwickshire-pcc", wk_pcc)):
        approver = client_for(f"{slug.removesuffix('-pcc')}-opcc", ["approver"], holders[slug].id)
        decision, _ = call(f"approval for {cs.name}", add_decision_approval, 201, id=decision.id, client=approver,
                           body=NewDecisionApproval.from_dict({"corporation_sole_id": str(cs.id), "capacity": cs.name,
                                                               "approved_on": "2017-07-27"}))
        say(f"approved for {cs.name} by {holders[slug].full_name}: agreed {decision.agreed}")
    check(decision.agreed, "the decision is not agreed after both approvals")

    say("== authority check (D1: PCC/D/2017/05 para 4)")
    asker = client_for("west-mercia-opcc", ["reader"])
    d1 = {"actor": {"kind": "corporation_sole", "id": str(office["west-mercia-chief-constable"].id)},
          "function": "use_approved_investment", "corporation_sole_id": str(wk_pcc.id),
          "amount_pence": 25_000_000, "currency": "GBP", "on": "2017-09-01"}
    answer, _ = call("authority check", check_authority, 200, client=asker, body=AuthorityCheckRequest.from_dict(d1))
    check(answer.outcome.value == "allowed", f"D1 answered {answer.outcome.value}")
    say(f"£250,000 on 2017-09-01: {answer.outcome.value}, capacity: {answer.capacity}")
    answer, _ = call("authority check (novel)", check_authority, 200, client=asker,
                     body=AuthorityCheckRequest.from_dict({**d1, "flags": ["novel"]}))
    check(answer.outcome.value == "refer", f"D1 flagged novel answered {answer.outcome.value}")
    say(f"the same, flagged novel: {answer.outcome.value}")

    say("== transfer of the West Mercia PCC's functions to a mayor (the 2028 pattern, illustrative)")
    mayor, _ = call("create successor", create_corporation_sole, 201, client=admin, body=NewCorporationSole.from_dict({
        "slug": "west-mercia-mayor-client-scenario", "name": "Mayor of West Mercia (client scenario)", "kind": "mayor",
        "force_id": str(wm_pcc.force_id), "starts_on": "2028-05-11"}), idempotency_key="client-scenario-mayor")
    order, etag = call("create transfer order", create_transfer_order, 201, client=admin, body=NewTransferOrder.from_dict({
        "citation": "SI 2028/000 (client scenario)", "title": "West Mercia policing functions to the mayor",
        "made_on": "2028-02-01", "in_force_on": "2028-05-11", "predecessor_ids": [str(wm_pcc.id)],
        "successor_id": str(mayor.id)}), idempotency_key="client-scenario-transfer")
    report, etag = call("preview", preview_transfer_order, 200, id=order.id, client=admin,
                        body=TransferPreviewRequest.from_dict({}), if_match=etag)
    for predecessor in report.predecessors:
        kinds = sorted({item.kind.value for item in predecessor.items})
        say(f"preview for {predecessor.name}: {len(predecessor.items)} items ({', '.join(kinds)}), digest {report.digest[:12]}…")
    order, _ = call("execute", execute_transfer_order, 200, id=order.id, client=admin,
                    body=TransferExecution.from_dict({"digest": report.digest}), if_match=etag)
    check(order.status.value == "executed", f"the order is {order.status.value}")

    def could_act(cs, on):
        answer, _ = call(f"who could act for {cs.name} on {on}", list_corporation_sole_authority, 200, id=cs.id,
                         client=anonymous, on=datetime.date.fromisoformat(on), function="approve_board_decision")
        return answer

    before, after = could_act(wm_pcc, "2028-05-01"), could_act(mayor, "2028-06-01")
    check(before.office_existed and len(before.holders) >= 1, "nobody could act for the PCC before the transfer")
    check(not could_act(wm_pcc, "2028-06-01").office_existed, "the PCC still exists after the transfer")
    say(f"2028-05-01, for the PCC: {[h.capacity for h in before.holders]}")
    say(f"2028-06-01, for the mayor: {[h.capacity for h in after.holders]}")
    check(len(after.holders) == len(before.holders), "the delegations did not pass to the mayor")
    # The board the PCC owned, read on either side of the in-force date (R-SU-04: its owners pass). The
    # West Mercia OPCC, not re-pointed to the mayor here, no longer serves an owner: Warwickshire reads it.
    warwickshire = client_for("warwickshire-opcc", ["reader"])
    owned_before, _ = call("board as of 2028-05-10", get_board, 200, id=board.id, client=warwickshire,
                           as_of=datetime.date(2028, 5, 10))
    owned_after, _ = call("board as of 2028-05-11", get_board, 200, id=board.id, client=warwickshire,
                          as_of=datetime.date(2028, 5, 11))
    check(wm_pcc.id in owned_before.owners and mayor.id not in owned_before.owners, "the board's owners before")
    check(mayor.id in owned_after.owners and wm_pcc.id not in owned_after.owners, "the board's owners after")
    say(f"{board.name}: owned by the PCC to 2028-05-10, by the mayor from 2028-05-11")
    # The BCH agreement as it stood on the day the parties approved it (R-TM-04).
    stood, _ = call("agreement as of 2015-11-26", get_collaboration_agreement, 200, id=agreement.id, client=lead,
                    as_of=datetime.date(2015, 11, 26))
    check(stood.status.value == "approved" and not stood.signatures, f"the agreement on 2015-11-26 was {stood.status.value}")
    say(f"{agreement.reference} on 2015-11-26: {stood.status.value}, {len(stood.approvals)} approvals, no signature yet")
    ours_transfer = str(order.id)

    say("== change feed")
    ours = {str(agreement.id): "agreement", str(board.id): "board", str(meeting.id): "meeting",
            str(decision.id): "decision", ours_transfer: "transfer order"}

    def feed(**filters):
        events, after = [], None
        for _ in range(200):
            arguments = {"after": after} if after else {}
            page, _ = call("list events", list_events, 200, client=admin, limit=200, **filters, **arguments)
            events += page.items
            after = page.next_cursor
            if not page.has_more:
                return events
        raise ScenarioFailed("the change feed does not end")

    seen = [event for event in feed() if str(event.resource_id) in ours]
    types = [event.event_type for event in seen]
    for event in seen:
        say(f"  #{event.sequence} {event.event_type} ({ours[str(event.resource_id)]} {event.resource_id})")
    for wanted in ("collaboration_agreement.created", "collaboration_agreement.approved",
                   "collaboration_agreement.signed", "collaboration_agreement.commenced", "decision.created",
                   "transfer_order.previewed", "transfer_order.executed"):
        check(wanted in types, f"the change feed lacks {wanted}")
    check(types.count("collaboration_agreement.approved") == 6, "the change feed lacks six approvals")
    commenced = feed(types="collaboration_agreement.commenced,decision.created")
    check({event.event_type for event in commenced} <= {"collaboration_agreement.commenced", "decision.created"},
          "the type filter let other events through")
    check(any(str(event.resource_id) == str(agreement.id) for event in commenced), "the type filter lost the commencement")
    check(any(str(event.resource_id) == str(decision.id) for event in commenced), "the type filter lost the decision")
    say(f"{len(seen)} events about this scenario's records; types=collaboration_agreement.commenced,decision.created "
        f"finds {len(commenced)} events, ours among them")

    say("== export, then follow the feed from its cursor")
    exported = export_records.sync_detailed(client=admin, kind=ExportKind.COLLABORATION_AGREEMENTS)
    check(exported.status_code == 200, f"export: {exported.status_code} {exported.content[:200]!r}")
    rows = [json.loads(line) for line in exported.content.decode().splitlines() if line]
    check(any(row["id"] == str(agreement.id) for row in rows), "the export lacks the scenario's agreement")
    cursor = exported.headers.get("feed-cursor", "")
    check(cursor.isdigit(), f"the export has no Feed-Cursor: {cursor!r}")
    later, _ = call("events after the export", list_events, 200, client=admin, after=cursor, limit=200)
    check(all(event.sequence > int(cursor) for event in later.items), "the feed repeats what the export held")
    check(not any(str(event.resource_id) == str(agreement.id) for event in later.items),
          "the agreement's changes, all in the export, came again after its cursor")
    say(f"exported {len(rows)} agreements at feed position {cursor}; {len(later.items)} later events, none repeated")
    say("scenario: OK")


if __name__ == "__main__":
    try:
        main()
    except ScenarioFailed as failure:
        print(f"scenario FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
