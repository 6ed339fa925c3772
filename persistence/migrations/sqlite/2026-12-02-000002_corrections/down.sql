ALTER TABLE decisions DROP COLUMN voided_on;
DROP TABLE corrections;
