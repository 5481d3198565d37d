"""The figures of each dashboard page, one module per page, each a function from a ``Context``
(the scope and the time chosen) to its tables. Every query is an aggregate in the database,
filtered by the scope, so a page's query count does not grow with the records."""
