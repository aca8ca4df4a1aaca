-- The knowledge base: articles staff write (often from a solved case),
-- internal or public, versioned; public ones are the help centre and are
-- suggested to customers while they type. Found with full-text search.
create table article (
    article_id integer primary key autoincrement,
    slug text not null unique,
    title text not null,
    body text not null,
    visibility text not null,
    version bigint not null,
    source_case text,
    created_at bigint not null,
    updated_at bigint not null,
    updated_by text not null
);

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

-- SQLite's FTS5 index over title and body, kept in step by triggers.
create virtual table article_fts using fts5(
    title, body, content = 'article', content_rowid = 'article_id', tokenize = 'porter unicode61'
);
create trigger article_fts_insert after insert on article begin
    insert into article_fts (rowid, title, body) values (new.article_id, new.title, new.body);
end;
create trigger article_fts_update after update on article begin
    insert into article_fts (article_fts, rowid, title, body)
        values ('delete', old.article_id, old.title, old.body);
    insert into article_fts (rowid, title, body) values (new.article_id, new.title, new.body);
end;

-- A customer who read suggestions and left without raising a case.
create table help_deflection (
    help_deflection_id integer primary key autoincrement,
    article_id bigint references article (article_id),
    at bigint not null
);
