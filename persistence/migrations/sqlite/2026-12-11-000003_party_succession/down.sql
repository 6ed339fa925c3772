ALTER TABLE agreement_parties DROP COLUMN transfer_order_id;
ALTER TABLE agreement_parties DROP COLUMN succeeds_party_id;
ALTER TABLE agreement_parties DROP COLUMN joins_on;
