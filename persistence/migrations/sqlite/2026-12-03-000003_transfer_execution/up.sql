-- What an executed transfer order applied (the impact report it carried out), and when.
ALTER TABLE transfer_orders ADD COLUMN executed_at TIMESTAMP;
ALTER TABLE transfer_orders ADD COLUMN executed_report TEXT;
