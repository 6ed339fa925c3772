DROP TABLE authority_checks;
DROP TABLE delegations;
DROP TABLE schemes;
DROP TABLE catalogue_functions;
