DROP TABLE event_audience_rebuilds;
DROP TABLE event_audiences;
