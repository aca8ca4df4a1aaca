//! Databases of their own for tests and benchmarks on one PostgreSQL: each
//! gets a schema, reached through the URL's `search_path`, so that runs side
//! by side never see each other's rows.

use sqlx::Connection;

/// The PostgreSQL that tests and benchmarks use: `BATON_TEST_POSTGRES_URL`,
/// or the local `test` database (CI's, and this project's set-up's).
pub fn postgres_url() -> String {
    std::env::var("BATON_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// `base` with `schema` as the only schema on its search path.
pub fn in_schema(base: &str, schema: &str) -> String {
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}options=-c%20search_path%3D{schema}")
}

/// Makes `schema` in the database at `base` and answers the URL that uses
/// it. `schema` is a plain identifier chosen by the caller, never input.
pub async fn create(base: &str, schema: &str) -> Result<String, sqlx::Error> {
    run(base, &[format!("create schema {schema}")]).await?;
    Ok(in_schema(base, schema))
}

/// As [`create`], after dropping a schema of that name an earlier run left.
pub async fn recreate(base: &str, schema: &str) -> Result<String, sqlx::Error> {
    run(
        base,
        &[
            format!("drop schema if exists {schema} cascade"),
            format!("create schema {schema}"),
        ],
    )
    .await?;
    Ok(in_schema(base, schema))
}

/// Drops `schema` and everything in it.
pub async fn drop(base: &str, schema: &str) -> Result<(), sqlx::Error> {
    run(base, &[format!("drop schema if exists {schema} cascade")]).await
}

/// Runs `statements` on a connection of its own to `base`.
async fn run(base: &str, statements: &[String]) -> Result<(), sqlx::Error> {
    let mut admin = sqlx::PgConnection::connect(base).await?;
    for statement in statements {
        sqlx::raw_sql(statement).execute(&mut admin).await?;
    }
    admin.close().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_goes_on_the_search_path_after_any_other_parameter() {
        assert_eq!(
            in_schema("postgres://pg@db/test", "t_1"),
            "postgres://pg@db/test?options=-c%20search_path%3Dt_1"
        );
        assert_eq!(
            in_schema("postgres://pg@db/test?sslmode=disable", "t_1"),
            "postgres://pg@db/test?sslmode=disable&options=-c%20search_path%3Dt_1"
        );
    }
}
