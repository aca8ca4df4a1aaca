//! Customer pages show times in the zone the customer's browser told us
//! (a cookie the page's islands set), named; the server's zone before that.

use crate::helpers::spawn_app;

async fn status_page(app: &crate::helpers::TestApp, path: &str, zone: Option<&str>) -> String {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.url));
    if let Some(zone) = zone {
        request = request.header("cookie", format!("baton_tz={zone}"));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn times_follow_the_zone_the_browser_told_and_ignore_nonsense() {
    let app = spawn_app().await;
    let (reference, token) = app.raise("Invoices are wrong").await;
    let path = format!("/cases/{reference}?token={token}");

    let before = status_page(&app, &path, None).await;
    assert!(
        before.contains("UTC"),
        "the server's zone before the browser tells"
    );
    assert!(!before.contains("Asia/Tokyo"));

    let told = status_page(&app, &path, Some("Asia/Tokyo")).await;
    assert!(
        told.contains("Asia/Tokyo"),
        "the guarantee and timeline name the zone"
    );
    assert!(!told.contains("(UTC)"));
    // Tokyo is 9 hours ahead of UTC all year: the shown times moved.
    let hour = |page: &str, zone: &str| -> Vec<String> {
        page.match_indices(&format!(" {zone}"))
            .filter_map(|(at, _)| page.get(at.saturating_sub(5)..at).map(str::to_owned))
            .collect()
    };
    assert_ne!(hour(&before, "UTC"), hour(&told, "Asia/Tokyo"));

    for nonsense in ["Mars/Olympus_Mons", "%3Cscript%3E", "Europe/../../etc"] {
        let page = status_page(&app, &path, Some(nonsense)).await;
        assert!(page.contains("UTC"), "{nonsense}");
        assert!(!page.contains("Olympus"));
    }
}
