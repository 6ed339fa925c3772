DROP TABLE trusted_issuer_person_links;
DROP TABLE trusted_issuers;
