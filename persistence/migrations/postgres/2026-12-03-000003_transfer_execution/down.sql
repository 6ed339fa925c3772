ALTER TABLE transfer_orders DROP COLUMN executed_report;
ALTER TABLE transfer_orders DROP COLUMN executed_at;
