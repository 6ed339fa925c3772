ALTER TABLE meetings DROP COLUMN start_time_recorded;
