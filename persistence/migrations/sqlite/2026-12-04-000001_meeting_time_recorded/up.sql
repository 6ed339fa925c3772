-- A meeting recorded from a paper that gives no start time (R-TM-05): the date alone is known.
ALTER TABLE meetings ADD COLUMN start_time_recorded BOOLEAN NOT NULL DEFAULT 1;
