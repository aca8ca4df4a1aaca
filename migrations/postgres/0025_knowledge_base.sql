-- The knowledge base: articles staff write (often from a solved case),
-- internal or public, versioned; public ones are the help centre and are
-- suggested to customers while they type. Found with full-text search.
create table article (
    article_id bigint generated always as identity primary key,
    slug text not null unique,
    title text not null,
    body text not null,
    visibility text not null,
    version bigint not null,
    source_case text,
    created_at bigint not null,
    updated_at bigint not null,
    updated_by text not null,
    -- PostgreSQL's full-text search: the title weighs more than the body.
    search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    ) stored
);
create index article_search on article using gin (search);

create table article_version (
    article_id bigint not null references article (article_id),
    version bigint not null,
    title text not null,
    body text not null,
    visibility text not null,
    saved_at bigint not null,
    saved_by text not null,
    primary key (article_id, version)
);

-- A customer who read suggestions and left without raising a case.
create table help_deflection (
    help_deflection_id bigint generated always as identity primary key,
    article_id bigint references article (article_id),
    at bigint not null
);
