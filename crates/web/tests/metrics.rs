mod common;

use common::start;
use reqwest::Method;

#[tokio::test]
async fn metrics_count_requests_by_route() {
    // Twice on purpose: the recorder must be idempotent.
    let _ = ketnoi_web::metrics::install_recorder();
    let handle = ketnoi_web::metrics::install_recorder();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, ketnoi_web::metrics::router(handle)).await });

    let s = start().await;
    s.get_json("/healthz").await;
    s.get_json("/api/v1/sites").await;
    s.req(Method::GET, "/api/v1/sites/abc").send().await.unwrap();
    s.req(Method::GET, "/nowhere").send().await.unwrap();

    let r = s.client.get(format!("{metrics_base}/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("http_request_duration_seconds"), "{text}");
    assert!(text.contains(r#"route="/healthz""#), "{text}");
    assert!(text.contains(r#"route="/api/v1/sites/{id}""#), "{text}");
    assert!(text.contains(r#"route="unmatched""#), "{text}");
    assert!(text.contains(r#"status="400""#), "{text}");
}
