use crate::helpers::spawn_app;

#[tokio::test]
async fn health_check_answers_while_the_database_does() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readiness_says_503_while_the_process_drains() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    // What a SIGTERM starts: the load balancer must send no new work here.
    app.portal.live.close();
    let draining = app.get("/readyz").await;
    assert_eq!(draining.status(), 503);
    assert_eq!(draining.text().await.unwrap(), "draining");
    assert_eq!(app.get("/healthz").await.status(), 200, "still alive");
}
