//! The incident's checklist: tasks from its playbook or added in the war
//! room, each with an owner and, once done, who finished it and when.

use super::Person;
use crate::store::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub owner: Option<Person>,
    pub done_at: Option<Timestamp>,
    pub done_by: Option<String>,
}

/// Adds tasks in the given order; returns their ids.
pub async fn add_tasks(
    conn: &mut Conn,
    incident_id: i64,
    titles: &[String],
    owner_id: Option<i64>,
    at: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(titles.len());
    for title in titles {
        let id: i64 = sqlx::query_scalar(
            "insert into incident_task (incident_id, title, owner_id, added_at) \
             values ($1, $2, $3, $4) returning incident_task_id",
        )
        .bind(incident_id)
        .bind(title)
        .bind(owner_id)
        .bind(to_millis(at))
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

type TaskRow = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

const TASK_COLUMNS: &str = "t.incident_task_id, t.title, t.owner_id, o.name, o.email, t.done_at, d.name \
     from incident_task t left join staff o on o.staff_id = t.owner_id \
     left join staff d on d.staff_id = t.done_by";

pub async fn tasks(conn: &mut Conn, incident_id: i64) -> Result<Vec<Task>, StoreError> {
    let sql = format!("select {TASK_COLUMNS} where t.incident_id = $1 order by t.incident_task_id");
    let rows: Vec<TaskRow> = sqlx::query_as(&sql)
        .bind(incident_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// One task of this incident (a task of another incident is not found).
pub async fn task(conn: &mut Conn, incident_id: i64, task_id: i64) -> Result<Task, StoreError> {
    let sql = format!("select {TASK_COLUMNS} where t.incident_id = $1 and t.incident_task_id = $2");
    let row: TaskRow = sqlx::query_as(&sql)
        .bind(incident_id)
        .bind(task_id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(row)
}

pub async fn assign_task(conn: &mut Conn, task_id: i64, owner_id: i64) -> Result<(), StoreError> {
    sqlx::query("update incident_task set owner_id = $1 where incident_task_id = $2")
        .bind(owner_id)
        .bind(task_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the task done (or open again with `None`).
pub async fn finish_task(
    conn: &mut Conn,
    task_id: i64,
    done: Option<(i64, Timestamp)>,
) -> Result<(), StoreError> {
    sqlx::query("update incident_task set done_by = $1, done_at = $2 where incident_task_id = $3")
        .bind(done.map(|(by, _)| by))
        .bind(done.map(|(_, at)| to_millis(at)))
        .bind(task_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn from_row(row: TaskRow) -> Result<Task, StoreError> {
    let (id, title, owner_id, owner_name, owner_email, done_at, done_by) = row;
    let owner = match (owner_id, owner_name, owner_email) {
        (Some(staff_id), Some(name), Some(email)) => Some(Person {
            staff_id,
            name,
            email,
        }),
        _ => None,
    };
    Ok(Task {
        id,
        title,
        owner,
        done_at: done_at.map(from_millis).transpose()?,
        done_by,
    })
}
