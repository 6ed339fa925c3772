DROP TABLE forward_plan_slips;
DROP TABLE forward_plan_deciders;
DROP TABLE forward_plan_entries;
