-- A transfer order's successor takes a party's place from the order's in-force date (R-SU-01) as a
-- party of its own, joining that day and succeeding the predecessor's party, which leaves the same
-- day (its `withdrawn_on`). The predecessor's approvals, signatures and cost shares stay with its own
-- party, so the record names who acted on each day; re-pointing the party would have rewritten them.
ALTER TABLE agreement_parties ADD COLUMN joins_on DATE;
ALTER TABLE agreement_parties ADD COLUMN succeeds_party_id TEXT REFERENCES agreement_parties (id);
ALTER TABLE agreement_parties ADD COLUMN transfer_order_id TEXT REFERENCES transfer_orders (id);
