DROP TABLE transfer_orders;
