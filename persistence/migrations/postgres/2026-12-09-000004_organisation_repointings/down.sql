DROP TABLE organisation_repointings;
