// Reference front end: reads only the public content API and renders with DOM APIs.
// Rich text arrives sanitised by the API (nh3), so it is the only HTML inserted as HTML.
"use strict";

const API = document.documentElement.dataset.api; // the API root, wherever the host mounts it
const main = document.getElementById("main");
// The site's content languages (the first is the default locale) and the one being read.
const LANGUAGES = JSON.parse(document.getElementById("content-languages").textContent);
const LOCALE = new URLSearchParams(window.location.search).get("locale") || LANGUAGES[0].code;
const DEFAULT_LOCALE = LOCALE === LANGUAGES[0].code;
const longDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "html") node.innerHTML = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function formatDate(value) {
  if (!value) return "not recorded";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return longDate.format(date);
}

function clientHref(path, locale = LOCALE) {
  const query = new URLSearchParams({ path: path || "/" });
  if (locale !== LANGUAGES[0].code) query.set("locale", locale);
  return `/?${query}`;
}

function clientLink(path, text, locale = LOCALE) {
  return el("a", { href: clientHref(path, locale) }, text);
}

// The API's ``locale`` parameter for lists, finds and centers: none for the default locale.
function inLocale(url) {
  return DEFAULT_LOCALE ? url : `${url}${url.includes("?") ? "&" : "?"}locale=${encodeURIComponent(LOCALE)}`;
}

function languageName(code) {
  const found = LANGUAGES.find((language) => language.code === code);
  return found ? found.name : code;
}

// The language switch: on an article, its served translations (``translations``); elsewhere
// the same page in each content language.
function showLanguages(article) {
  const nav = document.getElementById("language-nav");
  const here = new URLSearchParams(window.location.search).get("path") || "/";
  const targets = article
    ? [{ locale: article.locale, url_path: article.url_path }, ...article.translations]
    : LANGUAGES.map((language) => ({ locale: language.code, url_path: here }));
  nav.replaceChildren(
    ...targets.map((target) =>
      el(
        "li",
        {},
        target.locale === LOCALE
          ? el("span", { "aria-current": "true", lang: target.locale, text: languageName(target.locale) })
          : el("a", { href: clientHref(target.url_path, target.locale), lang: target.locale, hreflang: target.locale }, languageName(target.locale)),
      ),
    ),
  );
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.detail || `The API answered ${response.status}.`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function show(title, ...nodes) {
  document.title = `${title} | Health library`;
  main.replaceChildren(...nodes);
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

function showError(error) {
  const title = error.status === 404 ? "Page not found" : "Something went wrong";
  show(title, el("h1", { text: title }), el("p", { class: "error", role: "alert", text: error.message }));
}

function articleList(articles) {
  if (!articles.length) return el("p", { text: "No articles yet." });
  return el(
    "ul",
    { class: "article-list" },
    articles.map((article) =>
      el(
        "li",
        {},
        el("h3", {}, clientLink(article.url_path, article.title)),
        el("p", { text: article.summary }),
        el("p", { class: "meta", text: `Last updated ${formatDate(article.last_updated)}` }),
      ),
    ),
  );
}

async function loadCenters() {
  const nav = document.getElementById("center-nav");
  const { results } = await getJSON(inLocale(`${API}health-centers/`));
  nav.replaceChildren(...results.map((center) => el("li", {}, clientLink(center.url_path, center.title))));
  return results;
}

async function showHome(centers) {
  const latest = await getJSON(inLocale(`${API}articles/?page_size=10`));
  show(
    "Health library",
    el("h1", { text: "Health library" }),
    el("p", { class: "lead", text: "Treatment articles, each reviewed by a medical professional." }),
    el("h2", { text: "Health centers" }),
    el("ul", {}, centers.map((c) => el("li", {}, clientLink(c.url_path, c.title), ` ${c.intro}`))),
    el("h2", { text: "Recently updated" }),
    articleList(latest.results),
  );
}

async function showCenter(slug) {
  const center = await getJSON(inLocale(`${API}health-centers/${encodeURIComponent(slug)}/`));
  const articles = await getJSON(inLocale(`${API}articles/?health_center=${encodeURIComponent(slug)}&ordering=title&page_size=100`));
  show(
    center.title,
    el("h1", { text: center.title }),
    el("p", { class: "lead", text: center.intro }),
    el("h2", { text: "Articles" }),
    articleList(articles.results),
  );
}

function referenceLinks(numbers) {
  if (!numbers.length) return null;
  const links = numbers.map((n, i) => [i ? ", " : "", el("a", { href: `#ref-${n}`, "aria-label": `Reference ${n}` }, String(n))]);
  return el("p", { class: "citations" }, "References: [", links, "]");
}

function imageNode(image, caption) {
  if (!image) return null;
  return el(
    "figure",
    {},
    el("img", { src: image.url, width: image.width, height: image.height, alt: image.alt }),
    caption ? el("figcaption", { text: caption }) : null,
  );
}

const BLOCKS = {
  section: (v) => el("section", {}, el("h2", { text: v.heading }), el("div", { html: v.text })),
  treatment_factors: (v) =>
    el("section", {}, el("p", { text: v.intro }), el("ul", {}, v.factors.map((f) => el("li", { text: f })))),
  treatment_tier: (v) =>
    el(
      "section",
      { class: "tier" },
      el("h2", { text: v.heading }),
      v.intro ? el("div", { html: v.intro }) : null,
      v.options.map((o) =>
        el(
          "div",
          { class: "option" },
          el("h3", { text: o.name }),
          el("div", { html: o.description }),
          o.evidence_note ? el("p", { class: "evidence", text: o.evidence_note }) : null,
          referenceLinks(o.reference_numbers),
        ),
      ),
      v.closing_note ? el("div", { html: v.closing_note }) : null,
    ),
  callout: (v) =>
    el(
      "aside",
      { class: `callout callout--${v.kind}`, "aria-label": v.kind_label },
      el("h2", { text: v.title }),
      el("div", { html: v.text }),
    ),
  related_articles: (v) =>
    v.articles.length
      ? el(
          "nav",
          { "aria-label": v.heading },
          el("h2", { text: v.heading }),
          el("ul", {}, v.articles.map((a) => el("li", {}, clientLink(a.url_path, a.title)))),
        )
      : null,
  image: (v) => imageNode(v.image, v.caption),
};

// What a preview is, by its draft_status: only a draft that is not signed off is "not reviewed".
const PREVIEW_TITLES = {
  published: "Preview of the live version, medically reviewed and signed off",
  "approved, not yet published": "Preview: medically reviewed and signed off, not yet published",
};

function previewTitle(draftStatus) {
  return PREVIEW_TITLES[draftStatus] || "Draft preview, not medically reviewed";
}

function reviewFacts(article, preview) {
  const facts = el("section", { class: "review-facts", "aria-label": "Medical review" });
  if (preview && PREVIEW_TITLES[preview]) {
    const due = article.review_status ? ` Review status: ${article.review_status.replace("_", " ")}.` : "";
    facts.append(el("p", {}, el("strong", { text: "Medically reviewed: " }), `this version is signed off.${due}`));
    return facts;
  }
  if (preview) {
    facts.append(el("p", {}, el("strong", { text: "Not medically reviewed: " }), `review status: ${preview}.`));
    return facts;
  }
  // Every approving reviewer (``reviewers``); ``reviewed_by`` alone for an older API.
  const reviewers = article.reviewers && article.reviewers.length ? article.reviewers : article.reviewed_by ? [article.reviewed_by] : [];
  const signer = (r) => [r.name, r.credentials, r.specialty].filter(Boolean).join(", ");
  const authors = article.authors || [];
  const lines = [
    el(
      "p",
      { class: "reviewed-by" },
      reviewers.length
        ? `Medically reviewed by ${reviewers.map(signer).join(" and ")} on ${formatDate(article.last_reviewed)}`
        : "Not medically reviewed",
    ),
    reviewers.length > 1
      ? el(
          "ol",
          { class: "reviewers", "aria-label": "Approving reviewers" },
          reviewers.map((r) =>
            el("li", { text: `${signer(r)}: approved ${formatDate(r.signed_at)}${r.conflict_of_interest_declared ? " (declared a conflict of interest)" : ""}` }),
          ),
        )
      : null,
    authors.length ? el("p", { class: "authors", text: `Written by ${authors.map((a) => a.name).join(" and ")}` }) : null,
    el("p", { class: "last-updated", text: `Last updated: ${formatDate(article.last_updated)}` }),
    el("p", { class: "next-review", text: `Next review due: ${formatDate(article.next_review_due)}` }),
  ];
  facts.append(...lines.filter(Boolean));
  // A translation is reviewed on its own: the facts above are the translation's. Say whether
  // it still follows its original's newest version.
  if (article.translation_status === "outdated") {
    const follows = article.translation_follows || {};
    facts.append(
      el("p", {
        class: "translation-status translation-status--outdated",
        text: `Translation out of date: it follows version ${follows.version} of the original, which has since been updated.`,
      }),
    );
  } else if (article.translation_status === "current") {
    facts.append(el("p", { class: "translation-status translation-status--current", text: "Translation up to date with the original, reviewed in this language." }));
  }
  const overdue = { due_soon: "Review due soon", overdue: "Review overdue: this information may be out of date" };
  if (overdue[article.review_status]) {
    facts.append(el("p", { class: `review-status review-status--${article.review_status}`, text: overdue[article.review_status] }));
  }
  return facts;
}

function breadcrumbs(trail) {
  return el(
    "nav",
    { class: "breadcrumbs", "aria-label": "Breadcrumb" },
    el(
      "ol",
      {},
      trail.map((crumb, i) =>
        el("li", {}, i === trail.length - 1 ? el("span", { "aria-current": "page", text: crumb.title }) : clientLink(crumb.url_path, crumb.title)),
      ),
    ),
  );
}

function showArticle(article, previewStatus) {
  if (article.locale) document.documentElement.lang = article.locale;
  if (!previewStatus) showLanguages(article);
  const ld = el("script", { type: "application/ld+json" });
  ld.textContent = JSON.stringify(article.json_ld);
  const references = article.references.length
    ? el(
        "section",
        { class: "references", "aria-labelledby": "references-heading" },
        el("h2", { id: "references-heading", text: "References" }),
        el("ol", {}, article.references.map((r) => el("li", { id: `ref-${r.number}` }, r.text, r.url ? [" ", el("a", { href: r.url, text: "Link" })] : null))),
      )
    : null;
  const source = article.source
    ? el("p", { class: "source" }, "Source: ", article.source.url ? el("a", { href: article.source.url, text: article.source.attribution }) : article.source.attribution)
    : null;
  const disclaimer = el(
    "section",
    { class: "disclaimer", "aria-labelledby": "disclaimer-heading" },
    el("h2", { id: "disclaimer-heading", text: article.disclaimer.title }),
    el("p", { text: article.disclaimer.text }),
    el("p", { class: "meta", text: `Disclaimer version ${article.disclaimer.version}` }),
  );
  show(
    article.title,
    breadcrumbs(article.breadcrumbs),
    el(
      "article",
      {},
      el("h1", { text: article.title }),
      el("p", { class: "lead", text: article.summary }),
      reviewFacts(article, previewStatus),
      imageNode(article.hero_image),
      article.body.map((block) => (BLOCKS[block.type] ? BLOCKS[block.type](block.value) : null)),
      references,
      source,
      disclaimer,
    ),
    ld,
  );
}

async function showPreview(params) {
  document.getElementById("preview-banner").hidden = false;
  document.querySelector('meta[name="robots"]') || document.head.append(el("meta", { name: "robots", content: "noindex" }));
  const query = new URLSearchParams({ content_type: params.get("content_type") || "", token: params.get("token") || "" });
  const draft = await getJSON(`${API}preview/?${query}`);
  document.getElementById("preview-title").textContent = previewTitle(draft.draft_status);
  document.getElementById("preview-status").textContent = PREVIEW_TITLES[draft.draft_status] ? "" : `Review status: ${draft.draft_status}`;
  showArticle(draft, draft.draft_status);
}

async function route() {
  const params = new URLSearchParams(window.location.search);
  try {
    const centers = await loadCenters();
    if (params.has("token")) return await showPreview(params);
    document.documentElement.lang = LOCALE;
    const slugs = (params.get("path") || "/").split("/").filter(Boolean);
    if (slugs.length < 2) showLanguages(null);
    if (slugs.length === 0) return await showHome(centers);
    if (slugs.length === 1) return await showCenter(slugs[0]);
    const article = await getJSON(inLocale(`${API}articles/find/?path=${encodeURIComponent(`/${slugs.join("/")}/`)}`));
    return showArticle(article, null);
  } catch (error) {
    showError(error);
  }
}

route();
