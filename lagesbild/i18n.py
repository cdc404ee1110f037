"""UI text in Swedish (default) and English."""
from __future__ import annotations

LANGS = {"sv": "Svenska", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Lägesbild", "Lägesbild"),
    "page_lagesbild": ("Lägesbild", "Situation overview"),
    "sidebar_kommun": ("Kommun", "Municipality"),
    "sidebar_compare": ("Jämför med", "Compare with"),
    "sidebar_lang": ("Språk", "Language"),
    "demo_banner": ("EXEMPELDATA – fiktiva kommuner och siffror för demonstration. Inga verkliga uppgifter visas.",
                    "EXEMPELDATA (demo data) – fictional municipalities and figures for demonstration. No real data is shown."),
    "building_store": ("Bygger datalagret från exempeldata …", "Building the store from the demo data …"),
    "headline_crime": ("Anmälda brott per 100 000 inv.", "Reported crimes per 100,000 inh."),
    "headline_insecurity": ("Otrygga ute sen kväll (NTU)", "Unsafe out late at night (NTU)"),
    "vs_previous": ("jämfört med {prev}", "compared with {prev}"),
    "no_change_supported": ("ingen säkerställd förändring", "no statistically supported change"),
    "change_supported": ("säkerställd förändring", "statistically supported change"),
    "crosses_break": ("ej jämförbart (seriebrott)", "not comparable (series break)"),
    "ci95": ("95 % KI {low}–{high}", "95 % CI {low}–{high}"),
    "position": ("{name}: {value}", "{name}: {value}"),
    "missing": ("saknas", "missing"),
    "preliminary": ("preliminär", "preliminary"),
    "source": ("Källa: {sources}", "Source: {sources}"),
    "retrieved": ("hämtad {date}", "retrieved {date}"),
    "chart_title": ("Anmälda brott och upplevd otrygghet – {kommun}", "Reported crime and perceived insecurity – {kommun}"),
    "chart_crime": ("Anmälda brott per 100 000 inv.", "Reported crimes per 100,000 inh."),
    "chart_insecurity": ("Otrygga ute sen kväll, andel (%)", "Unsafe out late at night, share (%)"),
    "series_break": ("Seriebrott NTU 2017", "NTU series break 2017"),
    "chart_alt": ("Diagram för {kommun}: anmälda brott per 100 000 invånare {first}–{last} (senast {crime}) bredvid andelen otrygga ute sen kväll (senast {insecurity}). Jämförelse: {comparisons}.",
                  "Chart for {kommun}: reported crimes per 100,000 inhabitants {first}–{last} (latest {crime}) next to the share feeling unsafe late at night (latest {insecurity}). Compared with: {comparisons}."),
    "target_heading": ("Målet: {title}", "Target: {title}"),
    "target_definition": ("Brott i offentlig miljö = {parts}.", "Crime in public places = {parts}."),
    "target_totals": ("{baseline_period}: {baseline} brott · {target_period}: {target} brott ({change})",
                      "{baseline_period}: {baseline} crimes · {target_period}: {target} crimes ({change})"),
    "target_so_far": ("{target_period} hittills ({years}): {target} brott", "{target_period} so far ({years}): {target} crimes"),
    "verdict_met": ("Målet är uppnått: minskningen är statistiskt säkerställd.", "Target met: the decrease is statistically supported."),
    "verdict_not_met": ("Målet är inte uppnått: brotten har ökat, och ökningen är statistiskt säkerställd.",
                        "Target not met: crime has increased, and the increase is statistically supported."),
    "verdict_inconclusive": ("Går inte att avgöra: förändringen är inte statistiskt säkerställd.",
                             "Inconclusive: the change is not statistically supported."),
    "verdict_pending": ("Målperioden pågår – bedömning när alla år finns.", "Target period under way – verdict once every year is in."),
    "rate_ratio_line": ("Befolkningsjusterad kvot {ratio} (95 % KI {low}–{high}), {method}.",
                        "Population-adjusted rate ratio {ratio} (95 % CI {low}–{high}), {method}."),
    "method_poisson_glm": ("Poissonregression", "Poisson regression"),
    "method_negative_binomial_glm": ("negativ binomialregression (överspridning)", "negative binomial regression (overdispersion)"),
    "method_poisson_exact": ("exakt Poissontest", "exact Poisson test"),
    "method_insufficient_data": ("för lite data", "too little data"),
    "no_target_data": ("Det saknas data för målet i {kommun}.", "There is no data for the target in {kommun}."),
    "error_store": ("Datalagret kunde inte läsas: {message}", "The store could not be read: {message}"),
}


def t(key: str, lang: str = "sv", **values) -> str:
    sv, en = TEXT[key]
    text = en if lang == "en" else sv
    return text.format(**values) if values else text
