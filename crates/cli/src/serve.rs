//! `ketnoi serve` and `ketnoi demo`: the HTTP server, metrics on their own
//! listener, graceful shutdown on SIGINT/SIGTERM.

use std::sync::Arc;

use anyhow::Context;
use ketnoi_store::Store;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;

pub async fn serve(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<()> {
    let listener =
        TcpListener::bind(config.listen).await.with_context(|| format!("cannot listen on {}", config.listen))?;
    let metrics_listener = TcpListener::bind(config.metrics_listen)
        .await
        .with_context(|| format!("cannot listen on {} for metrics", config.metrics_listen))?;
    let (addr, metrics_addr) = (listener.local_addr()?, metrics_listener.local_addr()?);
    let handle = ketnoi_web::metrics::install_recorder();
    let (stop, stopped) = watch::channel(false);
    let until_stopped = move |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };

    let backend = store.backend();
    // Each node keeps its own index and follows the shared store (the source of truth).
    let index = Arc::new(crate::store::open_index(config)?);
    let indexer = tokio::spawn(ketnoi_index::sync::run(
        index.clone(),
        store.clone(),
        std::time::Duration::from_secs(1),
        stopped.clone(),
    ));
    let state = ketnoi_web::AppState {
        store,
        admin_token: config.admin_token.clone(),
        today: crate::store::vn_today,
        hub: ketnoi_web::hub::HubSettings { trusted_proxies: config.trusted_proxies.clone(), ..Default::default() },
        search: Some(index),
        boxes: config.boxes.clone(),
    };
    let webhooks = tokio::spawn(ketnoi_hub::webhooks::run_worker(
        state.store.clone(),
        ketnoi_hub::webhooks::WebhookConfig::default(),
        stopped.clone(),
    ));
    let api = tokio::spawn(ketnoi_web::serve(listener, state, until_stopped(stopped.clone())));
    let metrics = tokio::spawn(
        axum::serve(metrics_listener, ketnoi_web::metrics::router(handle))
            .with_graceful_shutdown(until_stopped(stopped))
            .into_future(),
    );
    // Tests and scripts read this line to find the port when listening on :0.
    println!("ketnoi listening on http://{addr} (metrics: http://{metrics_addr}/metrics, store: {backend})");
    tracing::info!(%addr, %metrics_addr, backend, "serving");

    shutdown_signal().await;
    tracing::info!("shutting down: finishing requests in flight");
    let _ = stop.send(true);
    api.await.context("API server task")?.context("API server")?;
    metrics.await.context("metrics server task")?.context("metrics server")?;
    webhooks.await.context("webhook worker task")?;
    indexer.await.context("search indexer task")?;
    tracing::info!("stopped");
    Ok(())
}

pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

/// The sample register the demo loads on top of the built-in units.
const DEMO_SITES: &str = include_str!("../demo/sites.csv");
/// Sample directive information for the hub.
const DEMO_HUB: &str = include_str!("../demo/hub.jsonl");

/// Loads units, the sample register and sample hub items into `store`,
/// issues a loopback key, starts the synthetic government web and registers
/// its sites, then serves while crawling them in the background.
pub async fn demo(mut config: Config, store: Arc<dyn Store>) -> anyhow::Result<()> {
    let data = ketnoi_units::builtin()?;
    let units = store.import_units(&data.units, &data.successions).await?;
    println!("units: {} created, {} unchanged ({})", units.created, units.unchanged, ketnoi_units::ATTRIBUTION);
    let options = ketnoi_register::ImportOptions {
        skip_invalid: false,
        max_bytes: DEMO_SITES.len(),
        scope: None,
        at: crate::store::vn_today(),
        encoding: None,
        dry_run: false,
    };
    let report = ketnoi_register::import_sites(store.as_ref(), DEMO_SITES.as_bytes(), &options)
        .await
        .map_err(|e| anyhow::anyhow!("demo register: {e}"))?;
    println!("sites: {} created, {} unchanged", report.counts.created, report.counts.unchanged);
    let (items, errors) = ketnoi_hub::import::parse_jsonl(DEMO_HUB);
    anyhow::ensure!(errors.is_empty(), "demo hub items: {errors:?}");
    let batch: Vec<_> = items.into_iter().map(|(_, id, item, state)| (id, item, state)).collect();
    let hub = store.hub_import(&batch).await?;
    println!("hub items: {} created, {} unchanged", hub.created, hub.unchanged);
    let demo_key = ketnoi_hub::keys::KeyRequest {
        name: "demo (loopback)".into(),
        allow_ips: vec!["127.0.0.1/32".into(), "::1/128".into()],
        scope: None,
        rate_per_minute: None,
    };
    let (_, secret) =
        ketnoi_hub::keys::issue(store.as_ref(), demo_key).await.map_err(|e| anyhow::anyhow!("demo key: {e}"))?;
    println!("Annex II secret_key for this demo (from 127.0.0.1): {secret}");
    if config.admin_token.is_none() {
        let token = random_token()?;
        println!("admin token for this demo: {token}");
        config.admin_token = Some(token);
    }
    println!("box builder (Annex II, Method 1): /boxes/builder on the address printed below");
    let web = crate::demo_web::start(store.as_ref()).await?;
    let crawl = crate::demo_web::crawl_in_background(store.clone(), &config, &web)?;
    let served = serve(&config, store).await;
    crawl.abort();
    drop(web);
    served
}

fn random_token() -> anyhow::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom for a demo token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
