ALTER TABLE transfer_orders DROP COLUMN successor_created;
