use crate::api::studio::get_studio_editor;
use crate::components::field::textarea_text;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{
    PreviewView, StudioEditor, StudioFeedback, TemplateEditor, VersionDiff, VersionView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/ops/templates/{kind}/{channel}/{locale}`: edit one template. Preview,
/// Publish, Save draft and Roll back are plain form posts; `?from=&to=` compares two
/// versions.
#[component]
pub fn OpsTemplatePage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let part = |name: &str| params.get(name).unwrap_or_default();
    let (kind, channel, locale) = (part("kind"), part("channel"), part("locale"));
    let query = use_query_map().read_untracked();
    let number = |name: &str| query.get(name).and_then(|v| v.trim().parse::<i64>().ok());
    let (from, to) = (number("from"), number("to"));
    let load = move || {
        let (kind, channel, locale) = (kind.clone(), channel.clone(), locale.clone());
        Suspend::new(async move {
            staff_page(
                get_studio_editor(kind, channel, locale, from, to).await,
                |studio| view! { <Editor studio/> }.into_any(),
            )
        })
    };
    view! { <Suspense fallback=|| "Loading…">{load}</Suspense> }
}

#[component]
fn Editor(studio: StudioEditor) -> impl IntoView {
    let editor = studio.editor;
    let base = format!(
        "/ops/templates/{}/{}/{}",
        editor.kind, editor.channel, editor.locale
    );
    let feedback = use_context::<StudioFeedback>();
    let (source, highlighted) = feedback.as_ref().map_or_else(
        || (editor.source.clone(), editor.highlighted_source.clone()),
        |f| (f.source.clone(), f.highlighted.clone()),
    );
    let problem = feedback.as_ref().and_then(|f| f.problem.clone());
    let field_error = |field: &str| {
        feedback
            .as_ref()
            .and_then(|f| f.field_errors.for_field(field).map(str::to_owned))
    };
    let (case_error, schedule_error) = (field_error("case_reference"), field_error("publish_at"));
    let (case_reference, publish_at) = feedback.as_ref().map_or_else(Default::default, |f| {
        (f.case_reference.clone(), f.publish_at.clone())
    });
    let preview = feedback.and_then(|f| f.preview);
    let name = format!(
        "{} · {} · {}",
        editor.kind.replace('_', " "),
        editor.channel.replace('_', " "),
        editor.locale
    );
    let live = editor.live_version.map_or_else(
        || "the built-in default".to_owned(),
        |v| format!("version {v}"),
    );
    view! {
        <Title text=format!("Template {name}")/>
        <StaffFrame who=studio.me.name>
            <p><a href="/ops/templates">"← Customer templates"</a></p>
            <section class="card">
                <h1>{name}</h1>
                <p class="muted">{format!("Customers now read {live}.")}</p>
                {problem.map(|p| view! {
                    <p class="form-alert template-problem" role="alert" data-code=p.code>
                        {p.line.map(|l| format!("Line {l}: ")).unwrap_or_default()}
                        {p.message}
                    </p>
                })}
                <form method="post" action=format!("{base}/preview") class="stack">
                    <div class="field">
                        <label for="field-source">"Template"</label>
                        <textarea id="field-source" name="source" rows="10" class="code" spellcheck="false" inner_html=textarea_text(&source)></textarea>
                    </div>
                    <div class="field">
                        <span class="label" id="highlighted-source-title">"As the studio reads it"</span>
                        <pre class="code highlighted-source" aria-labelledby="highlighted-source-title" inner_html=highlighted></pre>
                    </div>
                    <div class="field">
                        <label for="field-case-reference">"Preview with the case"</label>
                        <input id="field-case-reference" name="case_reference" value=case_reference
                            placeholder="ESC-XXXXXX" autocomplete="off"
                            aria-invalid=case_error.is_some().then_some("true")
                            aria-describedby=case_error.is_some().then_some("case-reference-error")/>
                        <p class="hint">"Leave empty to use the example values."</p>
                        {case_error.map(|e| view! { <p class="field-error" id="case-reference-error">{e}</p> })}
                    </div>
                    <div class="actions">
                        <button type="submit" class="button">"Preview"</button>
                        <button type="submit" class="button primary" formaction=format!("{base}/publish")>
                            "Publish"
                        </button>
                        <button type="submit" class="button" formaction=format!("{base}/draft")>
                            "Save draft"
                        </button>
                    </div>
                    <div class="field schedule">
                        <label for="field-publish-at">"Go live at"</label>
                        <input id="field-publish-at" name="publish_at" type="datetime-local" value=publish_at
                            aria-invalid=schedule_error.is_some().then_some("true")
                            aria-describedby=schedule_error.is_some().then_some("publish-at-error")/>
                        <p class="hint">{format!("In {}. Customers keep reading {live} until then.", editor.zone_label)}</p>
                        {schedule_error.map(|e| view! { <p class="field-error" id="publish-at-error">{e}</p> })}
                        <button type="submit" class="button" formaction=format!("{base}/schedule")>
                            "Schedule"
                        </button>
                    </div>
                </form>
            </section>
            {preview.map(|preview| view! { <PreviewCard preview/> })}
            <Placeholders editor=editor.clone()/>
            <History base=base.clone() versions=editor.versions.clone()/>
            {editor.diff.clone().map(|diff| view! { <DiffView diff/> })}
            <section class="card">
                <h2>"Audit trail"</h2>
                <ul class="audit">
                    {editor.audit.into_iter().map(|a| view! {
                        <li>{format!(
                            "{}: {} {} version {}",
                            a.at_label,
                            a.staff_name,
                            a.action.replace('_', " "),
                            a.version
                        )}</li>
                    }).collect_view()}
                </ul>
            </section>
        </StaffFrame>
    }
}

/// The preview as the customer would see it in a status-page card, with the
/// plain-language warnings beside it.
#[component]
fn PreviewCard(preview: PreviewView) -> impl IntoView {
    let clean = preview.warnings.is_empty();
    view! {
        <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">"Preview"</h2>
            <div class="card status preview">
                <div class="stage-now"><p class="preview-text">{preview.rendered}</p></div>
            </div>
            <h3>"Plain-language check"</h3>
            {clean.then(|| view! { <p class="muted">"No warnings: this reads well."</p> })}
            <ul class="warnings">
                {preview.warnings.into_iter().map(|w| view! {
                    <li class="warning" data-code=w.code>{w.message}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Placeholders(editor: TemplateEditor) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Placeholders"</h2>
            <table class="queue">
                <thead><tr>
                    <th scope="col">"Write"</th><th scope="col">"Means"</th><th scope="col">"Example"</th>
                </tr></thead>
                <tbody>
                    {editor.placeholders.into_iter().map(|p| view! {
                        <tr>
                            <td><code>{format!("{{{{ {} }}}}", p.name)}</code></td>
                            <td>{p.description}</td>
                            <td>{p.example}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn History(base: String, versions: Vec<VersionView>) -> impl IntoView {
    let empty = versions.is_empty();
    let numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
    let options = move |selected: Option<i64>| {
        numbers
            .iter()
            .map(|n| view! { <option value=n.to_string() selected=Some(*n) == selected>{format!("v{n}")}</option> })
            .collect_view()
    };
    let newest = versions.first().map(|v| v.version);
    let older = versions.get(1).map(|v| v.version);
    view! {
        <section class="card">
            <h2>"Versions"</h2>
            {empty.then(|| view! { <p class="muted">"No versions yet: customers read the built-in default."</p> })}
            <table class="queue versions">
                <thead><tr>
                    <th scope="col">"Version"</th><th scope="col">"State"</th><th scope="col">"By"</th>
                    <th scope="col">"Saved"</th><th scope="col">"Published"</th><th scope="col">""</th>
                </tr></thead>
                <tbody>
                    {versions.into_iter().map(|v| {
                        let live = v.status == "published";
                        let pending = v.scheduled_label.is_some();
                        let act = if v.status == "draft" { "Publish this draft" } else { "Roll back to this" };
                        let state = v.scheduled_label.map_or(v.status, |at| format!("scheduled for {at}"));
                        view! {
                            <tr data-version=v.version>
                                <td>{format!(
                                    "v{}{}",
                                    v.version,
                                    v.restored_from.map(|r| format!(" (copy of v{r})")).unwrap_or_default()
                                )}</td>
                                <td>{state}</td>
                                <td>{v.author_name}</td>
                                <td>{v.created_label}</td>
                                <td>{v.published_label.unwrap_or_default()}</td>
                                <td>
                                    {(!live && !pending).then(|| view! {
                                        <form method="post" action=format!("{base}/rollback")>
                                            <input type="hidden" name="version" value=v.version.to_string()/>
                                            <button type="submit" class="link-button">{act}</button>
                                        </form>
                                    })}
                                    {pending.then(|| view! {
                                        <form method="post" action=format!("{base}/cancel")>
                                            <input type="hidden" name="version" value=v.version.to_string()/>
                                            <button type="submit" class="link-button">"Cancel schedule"</button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!empty).then(|| view! {
                <form method="get" class="compare">
                    <label>"Compare " <select name="from">{options(older.or(newest))}</select></label>
                    <label>" with " <select name="to">{options(newest)}</select></label>
                    <button type="submit" class="button">"Show changes"</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn DiffView(diff: VersionDiff) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{format!("Changes from v{} to v{}", diff.from, diff.to)}</h2>
            <pre class="diff">
                {diff.lines.into_iter().map(|line| {
                    let mark = match line.change.as_str() {
                        "added" => "+ ",
                        "removed" => "- ",
                        _ => "  ",
                    };
                    view! { <span class=format!("diff-{}", line.change)>{mark}{line.text}"\n"</span> }
                }).collect_view()}
            </pre>
        </section>
    }
}
