-- Each audit event's audience (issue 18): who may be able to see the record it is about, so the
-- change feed reads a caller's events from this index instead of scanning the whole history.
-- Derived by the service from the records (persistence::audience), like the search entries, so with
-- no foreign key to the log. The row below asks the service to derive the audiences of the events
-- already stored, once, when it next starts.
CREATE TABLE event_audiences (
    audience TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    PRIMARY KEY (audience, sequence)
);
CREATE INDEX event_audiences_sequence ON event_audiences (sequence);

CREATE TABLE event_audience_rebuilds (
    requested BIGINT PRIMARY KEY
);
INSERT INTO event_audience_rebuilds (requested) VALUES (1);
