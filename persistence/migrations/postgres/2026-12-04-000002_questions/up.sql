-- Holding to account (seed 004): questions put at a meeting to an office, their answers, and the
-- actions that follow from them.
CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    board_id TEXT NOT NULL REFERENCES boards (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    position BIGINT NOT NULL,
    asked_by_person_id TEXT NOT NULL REFERENCES people (id),
    put_to_corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    put_to_person_id TEXT REFERENCES people (id),
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    evidence_sha256 TEXT,
    evidence_locator TEXT,
    evidence_uri TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, position)
);
CREATE INDEX questions_board_id ON questions (board_id, id);
CREATE INDEX questions_put_to ON questions (put_to_corporation_sole_id, id);

CREATE TABLE question_answers (
    id TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (id),
    answered_by_person_id TEXT NOT NULL REFERENCES people (id),
    answered_on DATE NOT NULL,
    text TEXT,
    paper_uri TEXT,
    paper_sha256 TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX question_answers_question_id ON question_answers (question_id);

CREATE TABLE question_follow_ups (
    id TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (id),
    action_id TEXT NOT NULL UNIQUE REFERENCES board_actions (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX question_follow_ups_question_id ON question_follow_ups (question_id);
