DROP TABLE question_follow_ups;
DROP TABLE question_answers;
DROP TABLE questions;
