"""UI text in Swedish (default) and English."""
from __future__ import annotations

LANGS = {"sv": "Svenska", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Lägesbild", "Lägesbild"),
    "page_lagesbild": ("Lägesbild", "Situation overview"),
    "nav_overview": ("Lägesbild och mål", "Situation and targets"),
    "nav_est": ("EST-uppföljning", "EST follow-up"),
    "nav_present": ("Presentera och data", "Presenting and data"),
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
    "position": ("{name}: {value}", "{name}: {value}"),
    "missing": ("saknas", "missing"),
    "preliminary": ("preliminär", "preliminary"),
    "partly_preliminary": ("delvis preliminär", "partly preliminary"),
    "source": ("Källa: {sources}", "Source: {sources}"),
    "retrieved": ("hämtad {date}", "retrieved {date}"),
    "retrieved_unknown": ("hämtdatum okänt", "retrieval date unknown"),
    "chart_crime": ("Anmälda brott per 100 000 inv.", "Reported crimes per 100,000 inh."),
    "chart_insecurity": ("Otrygga ute sen kväll, andel (%)", "Unsafe out late at night, share (%)"),
    "series_break": ("Seriebrott {year}", "Series break {year}"),
    "series_break_named": ("Seriebrott {year}: {label}", "Series break {year}: {label}"),
    "target_heading": ("Målet: {title}", "Target: {title}"),
    "target_definition": ("Brott i offentlig miljö = {parts}.", "Crime in public places = {parts}."),
    "target_totals": ("Antal anmälda brott: {baseline} under {baseline_period} och {target} under {target_period}.",
                      "Number of reported crimes: {baseline} in {baseline_period} and {target} in {target_period}."),
    "target_so_far": ("Antal anmälda brott {target_period} hittills ({years}): {target}.",
                      "Number of reported crimes {target_period} so far ({years}): {target}."),
    "answer_change": ("{verdict}: {change} {target} jämfört med {baseline}, justerat för befolkningen.",
                      "{verdict}: {change} in {target} compared with {baseline}, adjusted for population."),
    "answer_so_far": ("{verdict}. Hittills ({years}): {change} jämfört med {baseline}, justerat för befolkningen.",
                      "{verdict}. So far ({years}): {change} compared with {baseline}, adjusted for population."),
    "answer_behind": ("{year} räknas inte ännu: uppgifterna om {parts} finns bara till och med {last}.",
                      "{year} is not counted yet: the figures for {parts} end in {last}."),
    "answer_verdict_met": ("Målet är uppnått", "The target is met"),
    "answer_verdict_not_met": ("Målet är inte uppnått", "The target is not met"),
    "answer_verdict_inconclusive": ("Går inte att avgöra, förändringen är inte säkerställd",
                                    "Inconclusive, the change is not statistically supported"),
    "answer_verdict_pending": ("Målperioden pågår till och med {end}", "The target period runs until {end}"),
    "years_preliminary": ("{years}, {preliminary} preliminärt", "{years}, {preliminary} preliminary"),
    "answer_preliminary": ("Preliminärt: {years} bygger på preliminära siffror.", "Preliminary: {years} rests on preliminary figures."),
    "answer_no_data": ("Det saknas data för att bedöma målet.", "There is not enough data to judge the target."),
    "pc_change": ("{change} mot {prev}, {label}", "{change} from {prev}, {label}"),
    "pc_counts": ("{before} → {after} {noun} ({prev} → {period}), {label}", "{before} → {after} {noun} ({prev} → {period}), {label}"),
    "pc_break": ("går inte att jämföra med {prev} (seriebrott)", "cannot be compared with {prev} (series break)"),
    "pc_none": ("ingen jämförelse med {prev}", "no comparison with {prev}"),
    "supported": ("säkerställd", "statistically supported"),
    "not_supported": ("ej säkerställd", "not statistically supported"),
    "verdict_met": ("Målet är uppnått: minskningen är statistiskt säkerställd.", "Target met: the decrease is statistically supported."),
    "verdict_not_met": ("Målet är inte uppnått: brotten har ökat, och ökningen är statistiskt säkerställd.",
                        "Target not met: crime has increased, and the increase is statistically supported."),
    "verdict_inconclusive": ("Går inte att avgöra: förändringen är inte statistiskt säkerställd.",
                             "Inconclusive: the change is not statistically supported."),
    "verdict_pending": ("Målperioden pågår – bedömning när alla år finns.", "Target period under way – verdict once every year is in."),
    "rate_ratio_line": ("Brott per invånare under målperioden delat med jämförelseperiodens (kvot): {ratio} ({ci}); {method}.",
                        "Crime per inhabitant in the target period divided by the baseline's (rate ratio): {ratio} ({ci}); {method}."),
    "method_poisson": ("scoreintervall för två Poissonantal (åren varierar inte mer än slumpen förklarar)",
                       "score interval for two Poisson counts (the years vary no more than chance explains)"),
    "method_negative_binomial": ("negativ binomialmodell: antalet varierar normalt ±{cv} från år till år utöver slumpen, "
                                 "skattat ur seriens egna år",
                                 "negative binomial model: the count usually varies ±{cv} from year to year beyond chance, "
                                 "estimated from the series' own years"),
    "method_negative_binomial_pooled": ("negativ binomialmodell: antalet varierar normalt ±{cv} från år till år utöver slumpen, "
                                        "skattat ur alla kommuners serier (kommunens egen är för kort)",
                                        "negative binomial model: the count usually varies ±{cv} from year to year beyond chance, "
                                        "estimated from every municipality's series (its own is too short)"),
    "method_poisson_exact": ("exakt Poissontest", "exact Poisson test"),
    "method_insufficient_data": ("för lite data", "too little data"),
    "how_we_count": ("Så räknar vi", "How we count"),
    "go_to_data": ("Lägg in data på sidan Data", "Add data on the Data page"),
    "data_added_by_editors": ("Uppgifterna läggs in av den som sköter Lägesbild i kommunen.",
                              "The figures are added by whoever looks after Lägesbild in the municipality."),
    "method_targets": ("**Målen.** Anmälda brott summeras per år över brottskategorierna i målets definition. Förändringen är "
                       "justerad för befolkningen: brott per invånare under målperioden delat med jämförelseperiodens (en kvot; "
                       "1 betyder ingen förändring), med ett intervall som räknar med seriens vanliga variation från år till år "
                       "(se Förändringar; negativ binomialmodell, scoreintervall med t-fördelning). Målet räknas som uppnått "
                       "bara när hela 95-procentiga konfidensintervallet ligger på målets sida om 1. En målperiod som pågår bedöms "
                       "när alla år finns; prognosen räknar med samma takt som hittills, och dess intervall (för varje år och för "
                       "hela perioden) med både den osäkerheten och årens vanliga variation. En avslutad målperiod utan alla år bedöms "
                       "inte: sidan säger vilka uppgifter som saknas. Varje mål har sina brottskategorier, med alternativ för en "
                       "kommun som saknar en del (standardmålet: personrån och skadegörelse när våldsbrott utomhus saknas).",
                       "**Targets.** Reported crimes are summed per year over the crime categories in the target's definition. The "
                       "change is adjusted for population: crime per inhabitant in the target period divided by the baseline's (a "
                       "rate ratio; 1 means no change), with an interval that allows for the series' usual variation from year to "
                       "year (see Changes; negative binomial model, score interval with the t distribution). A target counts as met "
                       "only when the whole 95 % confidence interval is on the target's side of 1. A target period under way is "
                       "judged once every year is in; the projection assumes the rate so far, and its intervals (for each year and "
                       "for the whole period) allow for that uncertainty and for the years' usual variation. An ended target period without every "
                       "year is not judged: the page says which figures are missing. Each target has its crime categories, with "
                       "alternatives for a municipality that lacks a part (the default target: robbery of persons and criminal "
                       "damage when violence outdoors is missing)."),
    # Where the method is configured: on the pages' "Så räknar vi" only, never in a document.
    "method_config": ("**Inställningar.** Målen och deras brottskategorier står i targets.toml, handlingsprogrammets "
                      "målområden i handlingsprogram.toml och enkätens gräns för för få svar (min_n) i enkätens mappning; "
                      "se README och sidan Data.",
                      "**Settings.** The targets and their crime categories are in targets.toml, the programme's målområden "
                      "in handlingsprogram.toml and a survey's floor for too few answers (min_n) in its mapping; see the "
                      "README and the Data page."),
    "method_surveys": ("**Enkäter.** Andelarna är viktade; 95-procentiga konfidensintervall enligt Wilson på Kishs effektiva "
                       "urvalsstorlek, som tar hänsyn till vikterna. Grupper med för få svar (vanligen färre än 30) visas inte "
                       "(\"för få svar\"). NTU före och efter 2017 går inte att jämföra (seriebrott): linjer dras inte över "
                       "brottet och förändringar över det räknas inte.",
                       "**Surveys.** Shares are weighted; 95 % confidence intervals by Wilson on Kish's effective sample size, "
                       "which accounts for the weights. Groups with too few answers (usually fewer than 30) are not shown (\"too "
                       "few answers\"). NTU before and after 2017 cannot be compared (series break): lines are not drawn across "
                       "it and changes across it are not computed."),
    "method_effects": ("**Insatsernas effekt.** Händelser per månad i området före och efter starten jämförs med en segmenterad "
                       "Poissonregression (avbruten tidsserie) med trend och säsong; med ett jämförelseområde en skillnad-i-skillnader-"
                       "modell (Poissonregression med område och månad). Förändringen efter starten är en kvot (1 = ingen förändring) "
                       "som visas som procent. Minst sex månader efter starten behövs. Regression mot medelvärdet: om de tre månaderna "
                       "före starten låg över 90:e percentilen av områdets tidigare månader väntas en viss nedgång ändå. Förflyttning: "
                       "samma modell för kommunens övriga områden.",
                       "**Effect of an intervention.** Incidents per month in the area before and after the start are compared with a "
                       "segmented Poisson regression (interrupted time series) with trend and seasonality; with a comparison area a "
                       "difference-in-differences model (Poisson regression with area and month). The change after the start is a ratio "
                       "(1 = no change) shown as per cent. At least six months after the start are needed. Regression to the mean: if "
                       "the three months before the start were above the 90th percentile of the area's earlier months, some fall is "
                       "expected anyway. Displacement: the same model for the kommun's other areas."),
    "method_index": ("**Faktisk och upplevd som index.** Båda måtten räknas om så att jämförelseperioden är 100: anmälda "
                     "brott i offentlig miljö per 100 000 invånare mot takten under målets jämförelseperiod, andelen otrygga "
                     "mot NTU-mätningarna i samma period (efter seriebrottet 2017; diagrammet anger vilka). 110 betyder 10 "
                     "procent högre än då. Enkätandelarna visas med sina 95-procentiga konfidensintervall.",
                     "**Measured and perceived as an index.** Both measures are rescaled so that the baseline is 100: reported "
                     "crime in public places per 100,000 inhabitants against its rate in the target's baseline period, the "
                     "share feeling unsafe against the NTU surveys of the same period (after the 2017 series break; the chart "
                     "says which). 110 means 10 per cent higher than then. Survey shares are shown with their 95 % "
                     "confidence intervals."),
    "method_changes": ("**Förändringar.** Antal brott och olyckor varierar från år till år mer än slumpen ensam förklarar; hur "
                       "mycket räknar vi ut ur seriens egna år kring dess trend (ur alla kommuners i datalagret när kommunen har "
                       "för få år, färre än fyra frihetsgrader, t.ex. färre än åtta år för en årsförändring). En förändring kallas "
                       "säkerställd först när hela 95-procentiga konfidensintervallet ligger på samma sida om ingen förändring, "
                       "alltså när den är större än den vanliga variationen medger. "
                       "Metod: negativ binomialmodell (varians μ + αμ²), α skattat med momentmetoden (Pearsons χ² lika med "
                       "frihetsgraderna) kring en Poissonregression med log-linjär trend, steg vid seriebrott och en egen nivå för "
                       "varje jämförd period; scoreintervall för kvoten mellan två perioders händelser per invånare på deras "
                       "effektiva antal Σμ/(1+αμ), med t-fördelningens kvantil på α:s frihetsgrader. Värden som slår ihop flera år "
                       "jämförs bara med perioder de inte delar år med. För enkätandelar: skillnaden mellan två andelar med deras "
                       "intervall.",
                       "**Changes.** Numbers of crimes and accidents vary from year to year more than chance alone explains; how "
                       "much we estimate from the series' own years around its trend (from every municipality's in the store when "
                       "it has too few years: fewer than four degrees of freedom, e.g. fewer than eight years for a change from one "
                       "year to the next). A change is called statistically supported only when the whole 95 % confidence interval "
                       "is on one side of no change, that is, when it is larger than the usual variation allows. "
                       "Method: negative binomial model (variance μ + αμ²), α estimated by the method of moments (Pearson's χ² "
                       "equal to its degrees of freedom) around a Poisson regression with a log-linear trend, steps at series "
                       "breaks and a level of its own for each compared period; a score interval for the ratio of two periods' "
                       "events per inhabitant on their effective counts Σμ/(1+αμ), with the t quantile on α's degrees of freedom. "
                       "Values that pool several years are only compared with periods they share no year with. For survey "
                       "shares: the difference of two shares with their intervals."),
    "no_target_data": ("Det saknas data för målet i {kommun}.", "There is no data for the target in {kommun}."),
    # --- issue 13: a verdict from open data, and what is missing when there is none ---
    "verdict_insufficient_data": ("Kan inte bedömas: uppgifter saknas.", "Cannot be judged: data are missing."),
    "target_missing": ("Målet kan inte bedömas för {kommun}: det saknas uppgifter om {parts}. {where}",
                       "The target cannot be judged for {kommun}: there are no figures for {parts}. {where}"),
    "missing_part": ("{part} för {years}", "{part} for {years}"),
    "too_little_to_compare": ("För lite data för att jämföra faktisk och upplevd trygghet i {kommun}: det behövs både "
                              "anmälda brott i offentlig miljö och en trygghetsmätning (NTU eller kommunens egen).",
                              "Too little data to compare measured and felt safety in {kommun}: it takes both reported "
                              "crime in public places and a safety survey (NTU or the municipality's own)."),
    # --- one wording for every comparison and trend (lagesbild/compare.py) ---
    "versus_higher": ("högre än", "higher than"),
    "versus_lower": ("lägre än", "lower than"),
    "versus_same": ("som", "like"),
    "versus_clearly": ("tydligt {word}", "clearly {word}"),
    "versus_text": ("{word} ({basis})", "{word} ({basis})"),
    "versus_basis_rate": ("{count} händelser bland {base} invånare", "{count} events among {base} inhabitants"),
    "versus_basis_share": ("{count} av {base} svarande", "{count} of {base} respondents"),
    "trend_increase": ("ökar {period} ({size})", "increasing {period} ({size})"),
    "trend_decrease": ("minskar {period} ({size})", "decreasing {period} ({size})"),
    "trend_unchanged": ("oförändrad {period} ({size})", "unchanged {period} ({size})"),
    "trend_size": ("{change} % per år, 95 % KI {low} till {high} %", "{change}% a year, 95% CI {low} to {high}%"),
    "trend_too_few": ("för få händelser för att bedöma {period} ({first} första året, {last} sista)",
                      "too few events to judge {period} ({first} in the first year, {last} in the last)"),
    "standing_place": (" · plats {rank} av {of} (lägst värde först)", " · place {rank} of {of} (lowest value first)"),
    "standing_heading": ("Jämfört med andra, {year}", "Compared with others, {year}"),
    "standing_basis": ("Bygger på {basis} {year}. ”Tydligt” betyder att skillnaden håller även med 99,8 % säkerhet; gruppens "
                       "nivå är de andra kommunernas ovägda medelvärde.",
                       "Based on {basis} in {year}. “Clearly” means the difference holds at 99.8% certainty too; the group's "
                       "level is the other municipalities' unweighted mean."),
    "group_short": ("liknande kommuner (Kolada: {kind})", "similar municipalities (Kolada: {kind})"),
    "sidebar_group": ("Liknande kommuner", "Similar municipalities"),
    "sidebar_group_none": ("Ingen grupp", "No group"),
    "periods_more": ("större än {prev}", "larger than {prev}"),
    "periods_less": ("mindre än {prev}", "smaller than {prev}"),
    "periods_same": ("skiljer sig inte från {prev}", "no different from {prev}"),
    "periods_but": (", men ", ", but "),
    "modelled_more": ("{what} {period}: fler än förväntat för en kommun med samma struktur (Koladas modell)",
                      "{what} {period}: more than expected for a municipality of the same structure (Kolada's model)"),
    "modelled_same": ("{what} {period}: som förväntat för en kommun med samma struktur (Koladas modell)",
                      "{what} {period}: as expected for a municipality of the same structure (Kolada's model)"),
    "modelled_fewer": ("{what} {period}: färre än förväntat för en kommun med samma struktur (Koladas modell)",
                       "{what} {period}: fewer than expected for a municipality of the same structure (Kolada's model)"),
    "funnel_heading": ("Alla kommuner i en bild", "All municipalities in one picture"),
    "funnel_intro": ("Varje punkt är en kommun: värdet mot antalet invånare (eller svarande). Små kommuner varierar mer "
                     "av en slump, så gränserna vidgas åt vänster. En kommun utanför den yttre gränsen ligger högre eller "
                     "lägre än kommunerna i stort, inte av en slump.",
                     "Each dot is a municipality: its value against its inhabitants (or respondents). Small "
                     "municipalities vary more by chance, so the limits widen to the left. A municipality outside the "
                     "outer limit is higher or lower than municipalities in general, not by chance."),
    "funnel_not_a_rate": ("{title} är varken ett antal per invånare eller en andel av svarande, så det går inte att "
                          "rita alla kommuner mot sin storlek.",
                          "{title} is neither a count per inhabitant nor a share of respondents, so all municipalities "
                          "cannot be drawn against their size."),
    "funnel_too_few": ("{title}: bara {n} kommuner har värden i datalagret; bilden av alla kommuner behöver minst {min}. "
                       "Hämta fler kommuner från Kolada på sidan Data.",
                       "{title}: only {n} municipalities have values in the data store; the picture of all "
                       "municipalities needs at least {min}. Fetch more municipalities from Kolada on the Data page."),
    "funnel_left_out": ("Utan värde det året (finns inte i bilden): {n} kommuner – {names}.",
                        "Without a value that year (not in the picture): {n} municipalities – {names}."),
    "funnel_limit95": ("Kontrollgräns 95 %", "Control limit 95%"),
    "funnel_limit998": ("Kontrollgräns 99,8 %", "Control limit 99.8%"),
    "funnel_centre": ("Alla kommuner tillsammans", "All municipalities together"),
    "funnel_others": ("Övriga kommuner", "Other municipalities"),
    "funnel_group": ("Liknande kommuner", "Similar municipalities"),
    "funnel_hover_rate": ("händelser / invånare", "events / inhabitants"),
    "funnel_hover_share": ("svar / svarande", "answers / respondents"),
    "funnel_base_rate": ("Invånare (logaritmisk skala)", "Inhabitants (log scale)"),
    "funnel_base_share": ("Svarande (logaritmisk skala)", "Respondents (log scale)"),
    "funnel_title": ("{title}, {year}: alla kommuner", "{title}, {year}: all municipalities"),
    "funnel_alt": ("Trattdiagram över {n} kommuner: värdet mot antalet invånare eller svarande, kring nivån för alla "
                   "kommuner tillsammans ({centre}), med kontrollgränser för 95 och 99,8 %. {higher} kommuner ligger över "
                   "den övre gränsen (95 %), {lower} under den nedre.",
                   "Funnel plot of {n} municipalities: the value against inhabitants or respondents, around the level of "
                   "all municipalities together ({centre}), with control limits at 95 and 99.8%. {higher} lie above the "
                   "upper limit (95%), {lower} below the lower."),
    "funnel_alt_higher": ("{name} ligger över den övre kontrollgränsen: högre än kommunerna i stort, inte av en slump.",
                          "{name} lies above the upper control limit: higher than the municipalities at large, not by chance."),
    "funnel_alt_lower": ("{name} ligger under den nedre kontrollgränsen: lägre än kommunerna i stort, inte av en slump.",
                         "{name} lies below the lower control limit: lower than the municipalities at large, not by chance."),
    "funnel_alt_as_expected": ("{name} ligger inom kontrollgränserna: som kommunerna i stort.",
                               "{name} lies within the control limits: like the municipalities at large."),
    "funnel_method": ("Kontrollgränserna är Fingertips (PHE/OHID) metod: exakta Poissongränser för händelser per invånare, "
                      "Wilsongränser för andelar; en kommun utanför 95-procentsgränsen skiljer sig från kommunerna i stort, "
                      "inte av en slump.",
                      "The control limits follow the Fingertips (PHE/OHID) method: exact Poisson limits for events per "
                      "inhabitant, Wilson limits for shares; a municipality outside the 95% limit differs from the "
                      "municipalities at large, not by chance."),
    "method_comparisons": ("**Jämfört med andra.** Kommunens värde prövas mot gruppens och Rikets nivå med samma regel som "
                           "bilden av alla kommuner: hur många händelser (eller svar) en kommun av den storleken skulle ha "
                           "på den nivån, med exakta Poissongränser för händelser per invånare och Wilsongränser för "
                           "andelar (Fingertips, PHE/OHID). ”Högre än” och ”lägre än” gäller på 95-procentsnivån, "
                           "”tydligt” även på 99,8-procentsnivån, annars ”som”. Gruppens nivå är de andra kommunernas ovägda "
                           "medelvärde, som Kolada visar en grupp; ”Liknande kommuner socioekonomi, <kommun>” är Koladas grupp "
                           "av de kommuner som liknar kommunen mest, utan kommunen själv. Utvecklingen de senaste fem åren är "
                           "en log-linjär trend i antalet händelser med seriens egen variation mellan åren (negativ binomial); "
                           "har första eller sista året färre än 20 händelser bedöms den inte. Koladas ”avvikelse från "
                           "modellberäknat värde” (U00489, U00490, U00487, N00488) säger fler, som eller färre än förväntat "
                           "för en kommun med samma struktur.",
                           "**Compared with others.** The municipality's value is tested against the group's and the "
                           "country's level with the same rule as the picture of all municipalities: how many events (or "
                           "answers) a municipality of its size would have at that level, with exact Poisson limits for "
                           "events per inhabitant and Wilson limits for shares (Fingertips, PHE/OHID). “Higher than” and "
                           "“lower than” hold at the 95% level, “clearly” at 99.8% too, otherwise “like”. The group's level "
                           "is the other municipalities' unweighted mean, as Kolada shows a group; “Liknande kommuner "
                           "socioekonomi, <municipality>” is Kolada's group of the municipalities most like it, without "
                           "itself. The five-year development is a log-linear trend in the number of events with the "
                           "series' own variation between years (negative binomial); with fewer than 20 events in the first "
                           "or last year it is not judged. Kolada's “deviation from the modelled value” (U00489, U00490, "
                           "U00487, N00488) says more, as many or fewer than expected for a municipality with the same "
                           "structure."),
    "funnel_centre_line": ("Nivån för alla kommuner tillsammans (mittlinjen): {centre}.",
                           "The level of all municipalities together (the centre line): {centre}."),
    "assessment_higher": ("högre", "higher"),
    "assessment_lower": ("lägre", "lower"),
    "assessment_as_expected": ("som de andra", "as the others"),
    "col_funnel_geo_code": ("Kod", "Code"),
    "col_funnel_name": ("Kommun", "Municipality"),
    "col_funnel_count": ("Antal", "Count"),
    "col_funnel_base": ("Invånare eller svarande", "Inhabitants or respondents"),
    "col_funnel_value": ("Värde", "Value"),
    "col_funnel_limit95_low": ("Kontrollgräns 95 %, nedre", "Control limit 95%, lower"),
    "col_funnel_limit95_high": ("Kontrollgräns 95 %, övre", "Control limit 95%, upper"),
    "col_funnel_limit998_low": ("Kontrollgräns 99,8 %, nedre", "Control limit 99.8%, lower"),
    "col_funnel_limit998_high": ("Kontrollgräns 99,8 %, övre", "Control limit 99.8%, upper"),
    "col_funnel_assessment": ("Bedömning (95 %)", "Assessment (95%)"),
    "quadrant_too_few": ("Bilden av alla kommuner (anmälda brott mot andelen otrygga) visas när minst {min} kommuner i "
                         "datalagret har båda uppgifterna samma år (nu {n}). Hämta fler kommuner från Kolada på sidan Data.",
                         "The picture of all municipalities (reported crime against the share feeling unsafe) shows when "
                         "at least {min} municipalities in the store have both figures for the same year (now {n}). Fetch "
                         "more municipalities from Kolada on the Data page."),
    "missing_ntu": ("{title}: det finns inga värden för {kommun}. Brå redovisar NTU per kommun bara där tillräckligt "
                    "många har svarat; en egen trygghetsmätning kan läsas in på sidan Data.",
                    "{title}: there are no values for {kommun}. Brå publishes NTU per municipality only where enough "
                    "people answered; a local safety survey can be imported on the Data page."),
    "missing_published": ("{title}: Kolada har inga publicerade värden för {kommun} ({years}: saknas eller för få "
                          "händelser för att visas).",
                          "{title}: Kolada has no published values for {kommun} ({years}: missing or too few events "
                          "to be shown)."),
    "missing_one_value": ("{title}: det finns bara en mätning för {kommun}, så ingen förändring att visa ännu.",
                          "{title}: there is only one measurement for {kommun}, so no change to show yet."),
    "missing_indicator": ("{title}: det finns inga värden för {kommun}. {where}",
                          "{title}: there are no values for {kommun}. {where}"),
    "where_kolada": ("Hämta dem från Kolada på sidan Data.", "Fetch them from Kolada on the Data page."),
    "where_workbook": ("De finns i Brås indikatorfil för kommunen (Indikatorer för kommuners lägesbild, bra.se), som kan läsas in på sidan Data.",
                       "They are in Brå's indicator workbook of the municipality (Indikatorer för kommuners lägesbild, bra.se), which can be imported on the Data page."),
    "where_database": ("De finns i Brås statistikdatabas; en export kan läsas in på sidan Data.",
                       "They are in Brå's statistics database; an export can be imported on the Data page."),
    "where_file": ("Läs in dem på sidan Data.", "Import them on the Data page."),
    "definition_left_out": ("{parts} ingår inte här: uppgifterna saknas för kommunen. {where}",
                            "{parts} not included here: the figures are missing for the municipality. {where}"),
    "months_heading": ("Månad för månad: i år mot samma månader förra året", "Month by month: this year against the same months last year"),
    "months_sentence": ("{span} {year}: {this} {what}{preliminary}, mot {last} samma månader {previous} – {verdict}.",
                        "{span} {year}: {this} {what}{preliminary}, against {last} in the same months of {previous} – {verdict}."),
    "months_no_change": ("går inte att jämföra", "cannot be compared"),
    "preliminary_plural": ("preliminära siffror", "preliminary figures"),
    # --- how recent each source is (lagesbild/freshness.py) ---
    "preliminary_neuter": ("preliminärt", "preliminary"),
    "fresh_until": ("till och med {period}", "up to {period}"),
    "fresh_late_months": ("senaste månaden var för {n} månader sedan, nya brukar komma inom två månader",
                          "the latest month was {n} months ago, new ones usually come within two months"),
    "fresh_due": ("uppgifter för {period} borde ha publicerats senast {date}", "figures for {period} were due by {date}"),
    "fresh_crime_months": ("anmälda brott månad för månad", "reported crime month by month"),
    "fresh_incidents": ("händelser per område", "incidents per area"),
    "fresh_summary": ("Så aktuella är uppgifterna: {items}.", "How recent the figures are: {items}."),
    "fresh_late_summary": ("Äldre än vanligt – {items}.", "Older than usual – {items}."),
    "error_store": ("Datalagret kunde inte läsas: {message}", "The store could not be read: {message}"),
    # --- issue 3: data in (Data page) ---
    "page_data": ("Data", "Data"),
    "data_intro": ("Varifrån siffrorna kommer, vad datalagret täcker och hur du lägger in egna data.",
                   "Where the figures come from, what the store covers and how to add your own data."),
    "data_sources": ("Källor", "Sources"),
    "data_built": ("Datalagret byggdes {date} ({build}).", "The store was built {date} ({build})."),
    "data_coverage": ("Täckning", "Coverage"),
    "data_coverage_note": ("Antal kommuner med värde per indikator och år. Kommuner i datalagret: {kommuner}.",
                           "Number of municipalities with a value per indicator and year. Municipalities in the store: {kommuner}."),
    "data_no_coverage": ("Datalagret har inga kommunvärden ännu.", "The store has no municipal values yet."),
    "data_indicators": ("Indikatorer", "Indicators"),
    "data_survey_method": ("Enkätandelar: viktad andel av dem som svarat (svar som 'vet ej' och tomma ingår inte i basen), "
                           "95 % konfidensintervall enligt Wilson på Kishs effektiva urvalsstorlek (n_eff = (Σw)²/Σw²), "
                           "som tar hänsyn till att vikter ökar osäkerheten. Grupper med färre svarande än min_n (standard 30) "
                           "visas inte. Enskilda svar sparas aldrig i datalagret – bara andelar per kommun, område och grupp.",
                           "Survey shares: weighted share of those answering ('don't know' and blanks are left out of the base), "
                           "95 % confidence interval by Wilson on Kish's effective sample size (n_eff = (Σw)²/Σw²), which "
                           "accounts for the extra uncertainty weights bring. Groups with fewer respondents than min_n "
                           "(default 30) are not shown. Individual answers are never stored – only shares per municipality, area and group."),
    "data_import": ("Importera filer", "Import files"),
    "data_import_note": ("Filen kontrolleras helt innan något ändras. Är något fel får du veta vilken rad och kolumn, "
                         "och datalagret lämnas som det var. Största filstorlek: {mb} MB.",
                         "The file is checked in full before anything changes. If something is wrong you are told which row "
                         "and column, and the store is left as it was. Largest file size: {mb} MB."),
    "tab_bra": ("Brå", "Brå"),
    "tab_survey": ("Enkät", "Survey"),
    "tab_kolada_file": ("Kolada-fil", "Kolada file"),
    "tab_own_series": ("Egna serier", "Own series"),
    "tab_incidents": ("Händelser", "Incidents"),
    "tab_interventions": ("Insatser", "Interventions"),
    "upload_bra": ("Brås årsfil (Anmälda brott kommunerna ÅÅÅÅ.csv) eller en export ur statistikdatabasen (CSV/Excel)",
                   "Brå's yearly file (Anmälda brott kommunerna YYYY.csv) or a statistics-database export (CSV/Excel)"),
    "upload_year": ("År (om det inte står i filnamnet)", "Year (if not in the file name)"),
    "upload_survey": ("Enkätsvar, en rad per svarande (CSV/Excel)", "Survey answers, one row per respondent (CSV/Excel)"),
    "upload_mapping": ("Mappning (TOML)", "Mapping (TOML)"),
    "upload_kolada": ("Sparat svar från Kolada v3 (JSON) eller en Kolada-tabell som rKolada eller koladapy sparar den "
                      "(CSV/Parquet: kpi, municipality_id, year, gender, status, value)",
                      "Saved Kolada v3 response (JSON) or a Kolada table as rKolada or koladapy keep it "
                      "(CSV/Parquet: kpi, municipality_id, year, gender, status, value)"),
    "upload_retrieved": ("Hämtad från källan (valfritt): datumet siffrorna bär", "Retrieved from the source (optional): the date the figures carry"),
    "upload_replace": ("Filens värden ersätter datalagrets där de skiljer sig", "The file's values replace the store's where they differ"),
    "upload_own_series": ("Egna serier, t.ex. räddningstjänstens insatser: indikator;kommun;år;värde;antal (CSV/Excel)",
                          "Own series, e.g. the rescue service's operations: indikator;kommun;år;värde;antal (CSV/Excel)"),
    "upload_incidents": ("Händelser, en rad per händelse: datum, kategori, omrade och gärna kommunkod (CSV/Excel)",
                         "Incidents, one row per incident: datum, kategori, omrade and preferably kommunkod (CSV/Excel)"),
    "replace_period": ("Ersätt perioden", "Replace the period"),
    "replace_period_help": ("Alla tidigare händelser för filens kommuner mellan datumen tas bort och filens kommer i deras "
                            "ställe. Utan detta läggs bara det till som inte redan fanns.",
                            "Every earlier incident of the file's municipalities between the dates goes and the file's "
                            "take their place. Without this, only what was not there already is added."),
    "replace_from": ("Från och med", "From"),
    "replace_to": ("Till och med", "To"),
    "upload_interventions": ("Insatser: namn, omrade, typ, start, slut, gärna jamforelseomrade och kommunkod (CSV/Excel)",
                             "Interventions: namn, omrade, typ, start, slut, preferably jamforelseomrade and kommunkod (CSV/Excel)"),
    "import_replaces_demo": ("Datalagret visar nu EXEMPELDATA. Den första importen eller hämtningen ersätter exempeldatan: därefter visas bara det du har importerat eller hämtat.",
                             "The store now shows EXEMPELDATA (demo data). The first import or fetch replaces it: from then on only what you imported or fetched is shown."),
    "uploader_button": ("Välj fil", "Choose file"),
    "uploader_limit": ("Högst {mb} MB per fil", "At most {mb} MB per file"),
    "import_button": ("Importera", "Import"),
    "import_failed": ("Importen stoppades – inget ändrades. {message}", "The import was stopped – nothing changed. {message}"),
    "import_running": ("Kontrollerar och bygger datalagret …", "Checking and building the store …"),
    "year_not_a_year": ("'{text}' är inte ett årtal.", "'{text}' is not a year."),
    "data_fetch": ("Hämta från Kolada", "Fetch from Kolada"),
    "fetch_kommun": ("Kommun att hämta", "Municipality to fetch"),
    "fetch_from": ("Från år", "From year"),
    "fetch_to": ("Till år", "To year"),
    "fetch_button": ("Hämta från Kolada", "Fetch from Kolada"),
    "fetch_note": ("Hämtar alla Kolada-indikatorer i katalogen för kommunen, dess län och riket, med befolkning och "
                   "osäkerhetstal, från {url}.",
                   "Fetches every Kolada indicator in the catalogue for the municipality, its county and the country, "
                   "with population and margins of error, from {url}."),
    "fetch_running": ("Hämtar från Kolada …", "Fetching from Kolada …"),
    "fetch_failed": ("Hämtningen misslyckades – inget ändrades. {message}", "The fetch failed – nothing changed. {message}"),
    "data_kpi": ("Fler indikatorer från Kolada", "More indicators from Kolada"),
    "kpi_note": ("Sök bland Koladas nyckeltal på titel (t.ex. bränder, olyckor, inbrott) och lägg till ett i den här "
                 "datakatalogens indikatorer. Hämta sedan värdena med Hämta från Kolada ovan.",
                 "Search Kolada's KPIs by title (e.g. bränder, olyckor, inbrott) and add one to this data directory's "
                 "indicators. Then fetch its values with Fetch from Kolada above."),
    "kpi_query": ("Sök i titeln", "Search the title"),
    "kpi_search_button": ("Sök i Kolada", "Search Kolada"),
    "kpi_no_matches": ("Inga nyckeltal med '{text}' i titeln.", "No KPI with '{text}' in its title."),
    "kpi_choose": ("Nyckeltal", "KPI"),
    "kpi_direction": ("Vilket håll är bättre?", "Which way is better?"),
    "kpi_direction_infer": ("Härled ur titeln (och säg hur)", "Infer from the title (and say how)"),
    "kpi_add_button": ("Lägg till indikatorn", "Add the indicator"),
    "kpi_running": ("Läser nyckeltalet i Kolada och bygger datalagret …", "Reading the KPI from Kolada and building the store …"),
    "kpi_failed": ("Nyckeltalet lades inte till – inget ändrades. {message}", "The KPI was not added – nothing changed. {message}"),
    "kpi_search_failed": ("Sökningen misslyckades. {message}", "The search failed. {message}"),
    "col_file": ("Fil", "File"),
    "col_source_kind": ("Källa", "Source"),
    "col_rows": ("Rader", "Rows"),
    "col_origin": ("Ursprung", "Origin"),
    "col_versions": ("Versioner", "Versions"),
    "col_title": ("Indikator", "Indicator"),
    "col_kind": ("Slag", "Kind"),
    "col_direction": ("Riktning", "Direction"),
    "col_definition": ("Definition", "Definition"),
    "col_data_note": ("Att veta om uppgifterna", "About the figures"),
    "kind_kolada": ("Kolada", "Kolada"),
    "kind_own_series": ("Egen serie", "Own series"),
    "kind_bra": ("Brå, årsfil", "Brå, yearly file"),
    "kind_bra_kategorier": ("Brå, statistikdatabasen", "Brå, statistics database"),
    "kind_bra_indikatorer": ("Brå, indikatorfil för kommunen", "Brå, the municipality's indicator workbook"),
    "kind_survey": ("Enkät", "Survey"),
    "kind_incidents": ("Händelser", "Incidents"),
    "kind_interventions": ("Insatslogg", "Interventions log"),
    "kind_recorded": ("anmälda brott", "recorded crime"),
    "kind_perceived": ("upplevd trygghet", "perceived safety"),
    "kind_context": ("bakgrund", "context"),
    "direction_higher_is_worse": ("högre är sämre", "higher is worse"),
    "direction_higher_is_better": ("högre är bättre", "higher is better"),
    "direction_neutral": ("neutral", "neutral"),
    # --- issue 5: exports, presentation and presentation mode ---
    "page_presentation": ("Presentationsläge", "Presentation mode"),
    "prepare_images": ("Förbered bild", "Prepare image"),
    "prepare_images_help": ("Skapar PNG, SVG och PDF med rubrik och källa", "Makes PNG, SVG and PDF with title and source"),
    "preparing_images": ("Skapar bilderna …", "Rendering the images …"),
    "download_png": ("PNG", "PNG"),
    "download_svg": ("SVG", "SVG"),
    "download_pdf": ("PDF", "PDF"),
    "download_csv": ("Data (CSV)", "Data (CSV)"),
    "download_xlsx": ("Data (Excel)", "Data (Excel)"),
    "images_failed": ("Bilden kunde inte skapas: {message}", "The image could not be made: {message}"),
    "make_deck": ("Skapa presentation", "Create presentation"),
    "making_deck": ("Skapar presentationen …", "Creating the presentation …"),
    "download_deck": ("Ladda ned presentationen (PowerPoint)", "Download the presentation (PowerPoint)"),
    "deck_failed": ("Presentationen kunde inte skapas: {message}", "The presentation could not be created: {message}"),
    "presentation_prev": ("Föregående", "Previous"),
    "presentation_next": ("Nästa", "Next"),
    "presentation_exit": ("Avsluta presentationsläget", "Leave presentation mode"),
    "presentation_counter": ("Bild {n} av {total}", "Slide {n} of {total}"),
    "deck_subtitle": ("Lägesbild: brott och trygghet", "Situation overview: crime and safety"),
    "slide_key_figures": ("Nyckeltal", "Key figures"),
    "slide_interventions": ("Insatser", "Interventions"),
    "slide_insats": ("Insats: {name}, {area}", "Intervention: {name}, {area}"),
    "slide_sources": ("Källor och definitioner", "Sources and definitions"),
    "source_entry": ("{title}: {definition} Källa: {source}, hämtad {retrieved}; senaste uppgift {latest}.",
                     "{title}: {definition} Source: {source}, retrieved {retrieved}; latest figure {latest}."),
    "chart_baseline": ("Jämförelseperiod", "Baseline period"),
    "chart_target_period": ("Målperiod", "Target period"),
    "col_geo": ("Område", "Area"),
    "col_geo_code": ("Kod", "Code"),
    "col_value": ("Värde", "Value"),
    "col_retrieved": ("Hämtad", "Retrieved"),
    "col_year": ("År", "Year"),
    "col_target_period_kind": ("Period", "Period"),
    "col_crimes": ("Anmälda brott", "Reported crimes"),
    "col_population": ("Folkmängd", "Population"),
    "sentence_crime": ("antalet anmälda brott per 100 000 invånare", "the number of reported crimes per 100,000 inhabitants"),
    "sentence_insecurity": ("andelen som känner sig otrygga ute sen kväll", "the share who feel unsafe out late at night"),
    "sentence_level": ("I {kommun} var {what} {value} år {period}.", "In {kommun}, {what} was {value} in {period}."),
    "sentence_change": ("Det är en statistiskt säkerställd {direction} med {size} jämfört med {prev}.",
                        "That is a statistically supported {direction} of {size} compared with {prev}."),
    "line_break": ("{start} (går inte att jämföra med {prev}: seriebrott).", "{start} (cannot be compared with {prev}: series break)."),
    "line_no_change": ("{start}, ingen säkerställd förändring mot {prev}.", "{start}, no statistically supported change from {prev}."),
    "line_up": ("{start}, en säkerställd ökning med {size} mot {prev}.", "{start}, a statistically supported increase of {size} from {prev}."),
    "line_down": ("{start}, en säkerställd minskning med {size} mot {prev}.", "{start}, a statistically supported decrease of {size} from {prev}."),
    "sentence_up": ("ökning", "increase"),
    "sentence_down": ("minskning", "decrease"),
    "sentence_no_change": ("Skillnaden mot {prev}, {size}, är inte statistiskt säkerställd, så vi kan inte säga att nivån har förändrats.",
        "The difference from {prev}, {size}, is not statistically supported, so we cannot say the level has changed."),
    "sentence_break": ("Det går inte att jämföra med {prev}: undersökningen har ett seriebrott.",
                       "It cannot be compared with {prev}: the survey has a series break."),
    "notes_title": ("Lägesbild för {kommun}, {date}.", "Situation overview for {kommun}, {date}."),
    "notes_two_measures": ("Anmälda brott visar vad som polisanmäls; otryggheten visar vad invånarna upplever. De två behöver inte följas åt.",
                           "Reported crime shows what is reported to the police; insecurity shows what residents feel. The two need not move together."),
    "notes_interventions": ("{n} insatser i kommunen sedan {first}.", "{n} interventions in the municipality since {first}."),
    "notes_sources": ("Alla siffror kommer från källorna på bilden, med det datum de hämtades.",
                      "Every figure comes from the sources on the slide, with the date they were retrieved."),
    "notes_demo": ("Obs: EXEMPELDATA – fiktiva kommuner och siffror.", "Note: EXEMPELDATA – fictional municipalities and figures."),
    # --- issue 6: EST – areas, insatser, trygghetsbokslut ---
    "page_omraden": ("Områden", "Areas"),
    "page_insatser": ("Insatser", "Interventions"),
    "page_bokslut": ("Trygghetsbokslut", "Annual safety report"),
    "no_incidents": ("Det finns inga händelser per område för {kommun}. Lägg in kommunens eller polisens händelseexport på sidan Data.",
        "There are no incidents per area for {kommun}. Add the kommun's or the police's incident export on the Data page."),
    "omraden_recent_heading": ("Lägesbild per område: {period} mot samma månader ett år tidigare",
                               "Situation per area: {period} against the same months a year earlier"),
    "omraden_recent_note": ("Händelserna lagras som antal per månad (enskilda händelser sparas aldrig), så lägesbilden följer de senaste tre hela månaderna i datat – inte veckor. Förändringen är säkerställd bara när hela 95-procentsintervallet ligger på ena sidan om noll.",
                            "Incidents are stored as monthly counts (single incidents are never kept), so the situation follows the latest three complete months in the data – not weeks. A change is supported only when the whole 95 % interval is on one side of zero."),
    "omraden_ranking_heading": ("Kvartalets prioritering: registrerade händelser och upplevd otrygghet",
                                "The quarter's priorities: recorded incidents and perceived insecurity"),
    "omraden_ranking_note": ("Områdena rangordnas efter antal händelser senaste hela kvartalet och efter andelen otrygga ute sen kväll i den senaste lokala trygghetsmätningen (95 % KI); ordningen följer medelrangen. Antalen är inte befolkningsjusterade.",
                             "Areas are ranked by the number of incidents in the latest complete quarter and by the share feeling unsafe late at night in the latest local survey (95% CI); the order follows the mean rank. Counts are not adjusted for population."),
    "col_area": ("Område", "Area"),
    "col_period": ("Period", "Period"),
    "col_incidents_in": ("Händelser {period}", "Incidents {period}"),
    "col_change": ("Förändring", "Change"),
    "col_quarter": ("Kvartal", "Quarter"),
    "col_rank_recorded": ("Rang, händelser", "Rank, incidents"),
    "col_otrygghet": ("Otrygga ute sen kväll", "Unsafe out late at night"),
    "col_survey_period": ("Mätning", "Survey"),
    "col_rank_perceived": ("Rang, otrygghet", "Rank, insecurity"),
    "suppressed_or_missing": ("för få svar (dolt)", "too few answers (suppressed)"),
    "nar_area_protected": ("{name}: visas inte {year} – skyddar en mindre grupp.", "{name}: not shown in {year} – protects a smaller group."),
    "pc_previous_protected": ("förra mätningen ({prev}) visas inte (skyddar en mindre grupp): ingen jämförelse",
                              "the previous measurement ({prev}) is not shown (it protects a smaller group): no comparison"),
    "no_area_data_source": ("inga områdesdata", "no area data"),
    "chart_area_signals": ("Registrerat och upplevt per område", "Recorded and perceived per area"),
    "chart_incidents_quarter": ("Händelser {quarter}", "Incidents {quarter}"),
    "chart_otrygghet_area": ("Otrygga ute sen kväll, andel (%)", "Unsafe out late at night, share (%)"),
    "data_incident_files": ("Händelsefiler", "Incident files"),
    "col_first": ("Från", "From"),
    "col_last": ("Till", "To"),
    "col_incidents": ("Händelser", "Incidents"),
    "col_replaced_period": ("Ersatte perioden", "Replaced the period"),
    "col_imported": ("Importerad", "Imported"),
    "col_imported_by": ("Importerad av", "Imported by"),
    "all_kommuner": ("alla kommuner", "all municipalities"),
    "writing_as": ("Du ändrar som {user}, för {kommuner}. Varje ändring sparas med ditt namn.",
                   "You make changes as {user}, for {kommuner}. Every change is recorded with your name."),
    "write_not_local": ("Skrivskyddat här: att importera, hämta eller redigera kräver inloggning, som den som driftar "
                        "Lägesbild slår på. Utan inloggning går det bara att ändra på den egna datorn.",
                        "Read only here: importing, fetching or editing needs sign-in, which whoever runs Lägesbild "
                        "switches on. Without sign-in, changes are possible only on your own computer."),
    "write_behind_proxy": ("Skrivskyddat: Lägesbild nås här genom en annan server (en proxy, t.ex. nginx). Utan inloggning "
                           "går det då inte att ändra något, inte heller på den egna datorn, förrän Lägesbild startas om. "
                           "Den som driftar Lägesbild kan slå på inloggning.",
                           "Read only: Lägesbild is reached here through another server (a proxy, e.g. nginx). Without "
                           "sign-in nothing can then be changed, not even on your own computer, until Lägesbild is "
                           "restarted. Whoever runs Lägesbild can switch on sign-in."),
    "write_sign_in": ("Logga in för att importera, hämta eller redigera.", "Sign in to import, fetch or edit."),
    "write_not_verified": ("Skrivskyddat: inloggningstjänsten har inte bekräftat din e-postadress, så den kan inte "
                           "jämföras med redaktörerna. Be den som driftar Lägesbild om hjälp.",
                           "Read only: the sign-in service has not verified your e-mail address, so it cannot be "
                           "matched with the editors. Ask whoever runs Lägesbild for help."),
    "write_not_editor": ("Du är inloggad men inte redaktör: be den som driftar Lägesbild att lägga till din e-postadress "
                         "bland redaktörerna.",
                         "You are signed in but not an editor: ask whoever runs Lägesbild to add your e-mail address "
                         "to the editors."),
    "write_not_editor_of": ("Du kan inte ändra uppgifter för kommun {kommun}.",
                            "You cannot change data for municipality {kommun}."),
    "waiting_for_import": ("Väntar på en annan import eller uppbyggnad av datalagret …",
                           "Waiting for another import or build of the store …"),
    "log_heading": ("Insatslogg", "Interventions log"),
    "insatslogg": ("Insatslogg", "Interventions log"),
    "no_insatser": ("Inga insatser är registrerade för {kommun}.", "No interventions are recorded for {kommun}."),
    "no_log_source": ("ingen insatslogg importerad", "no interventions log imported"),
    "log_demo_readonly": ("Exempeldatans insatslogg kan inte redigeras. Lägg in er egen insatslogg på sidan Data.",
        "The demo data's interventions log cannot be edited. Add your own log on the Data page."),
    "sign_in": ("Logga in", "Sign in"),
    "log_edit_help": ("Lägg till en rad för en ny insats, fyll i slut (ÅÅÅÅ-MM-DD) för att avsluta en, eller rätta ett fält. Ändringarna sparas i databasen med ditt namn i ändringsloggen, och effekterna räknas om. Har någon annan ändrat samma insats sedan du öppnade sidan sparas inget. I Ansvarig skriver du vem som ansvarar, i Problem vilket problem insatsen riktar sig mot: brottstyp, område och/eller grupp skilda med /, t.ex. skadegörelse/Centrum eller våldsbrott/kvinnor; flera problem skilda med komma.",
                      "Add a row for a new insats, fill in slut (YYYY-MM-DD) to end one, or correct a field. Changes are saved in the database with your name in the change log, and the effects are recomputed. If someone else changed the same insats since you opened the page, nothing is saved."),
    "log_saving": ("Sparar och bygger om datalagret … Under ansvarig write who is responsible, under problem which problem the intervention addresses: category, area and/or group separated by /, e.g. skadegörelse/Centrum or våldsbrott/kvinnor; several problems separated by commas.", "Saving and rebuilding the store …"),
    "log_reload": ("Visa loggen som den är sparad nu", "Show the log as it is saved now"),
    "log_save": ("Spara ändringar", "Save changes"),
    "log_saved": ("{n} ändring(ar) sparade; datalagret är ombyggt.", "{n} change(s) saved; the store is rebuilt."),
    "log_no_changes": ("Inga ändringar att spara.", "No changes to save."),
    "log_history": ("Ändringslogg", "Change log"),
    "insats_meta": ("{type} · start {start} · slut {end}", "{type} · start {start} · end {end}"),
    "ongoing": ("pågår", "ongoing"),
    "col_insats": ("Insats", "Intervention"),
    "col_type": ("Typ", "Type"),
    "col_start": ("Start", "Start"),
    "col_end": ("Slut", "End"),
    "col_comparison": ("Jämförelseområde", "Comparison area"),
    "col_effect": ("Förändring efter start",
        "Change after start"),
    "col_ci_low": ("95 % KI, nedre", "95% CI, lower"),
    "col_ci_high": ("95 % KI, övre", "95% CI, upper"),
    "col_verdict": ("Bedömning", "Verdict"),
    "col_category": ("Kategori", "Category"),
    "col_mean_before": ("Per månad före", "Per month before"),
    "col_mean_after": ("Per månad efter", "Per month after"),
    "all_categories": ("Alla kategorier", "All categories"),
    "verdict_short_reduced": ("minskade", "reduced"),
    "verdict_short_increased": ("ökade", "increased"),
    "verdict_short_no_detectable_change": ("ingen säkerställd förändring", "no statistically supported change"),
    "verdict_short_too_early": ("för tidigt att bedöma", "too early to judge"),
    "effect_reduced": ("Händelserna minskade efter starten: {change} mot den nivå som var väntad utan insatsen, justerat för {adjusted} ({mean_after} per månad mot väntade {expected}; {before} månader före, {after} efter).",
        "Incidents fell after the start: {change} against the level expected without the intervention, adjusted for {adjusted} ({mean_after} a month against an expected {expected}; {before} months before, {after} after)."),
    "effect_increased": ("Händelserna ökade efter starten: {change} mot den nivå som var väntad utan insatsen, justerat för {adjusted} ({mean_after} per månad mot väntade {expected}; {before} månader före, {after} efter).",
        "Incidents rose after the start: {change} against the level expected without the intervention, adjusted for {adjusted} ({mean_after} a month against an expected {expected}; {before} months before, {after} after)."),
    "effect_no_detectable_change": ("Ingen säkerställd förändring efter starten: {change} mot den nivå som var väntad utan insatsen, justerat för {adjusted} ({mean_after} per månad mot väntade {expected}; {before} månader före, {after} efter).",
        "No statistically supported change after the start: {change} against the level expected without the intervention, adjusted for {adjusted} ({mean_after} a month against an expected {expected}; {before} months before, {after} after)."),
    # The plain means moved one way and the adjusted change the other: both, in one sentence.
    "effect_raw_opposite": ("Rakt av {raw} från {mean_before} till {mean_after} per månad i snitt, men utan insatsen väntades {expected}, justerat för {adjusted}: {change} mot den väntade nivån – {verdict} ({before} månader före, {after} efter).",
        "Taken plainly, incidents {raw} from {mean_before} to {mean_after} a month on average, but {expected} were expected without the intervention, adjusted for {adjusted}: {change} against the expected level – {verdict} ({before} months before, {after} after)."),
    "raw_fell": ("sjönk händelserna", "fell"),
    "raw_rose": ("steg händelserna", "rose"),
    "effect_verdict_reduced": ("en säkerställd minskning", "a statistically supported fall"),
    "effect_verdict_increased": ("en säkerställd ökning", "a statistically supported rise"),
    "effect_verdict_no_detectable_change": ("ingen säkerställd förändring", "no statistically supported change"),
    "adjusted_trend_season": ("trend och säsong", "trend and season"),
    "adjusted_trend": ("trend", "trend"),
    "adjusted_comparison": ("utvecklingen i jämförelseområdet {area}", "the development in the comparison area {area}"),
    "effect_too_early": ("För tidigt att bedöma: {months} med data efter starten, minst 6 behövs.",
                         "Too early to judge: {months} of data after the start, at least 6 are needed."),
    "n_months": ("{n} månader", "{n} months"),
    "one_month": ("1 månad", "1 month"),
    "effect_not_estimable": ("Effekten går inte att skatta: för få händelser före eller efter starten.",
                             "The effect cannot be estimated: too few incidents before or after the start."),
    "caveat_peak": ("Toppen före starten: de tre månaderna före starten {start} låg högre än nio av tio av områdets tidigare månader – området valdes efter en topp, så en viss nedgång var att vänta även utan insats.",
        "A peak before the start: the three months before the start on {start} were higher than nine in ten of the area's earlier months – the area was chosen after a peak, so some fall was to be expected even without the intervention."),
    "caveat_no_peak": ("Ingen topp före starten: månaderna före starten {start} var inte ovanligt höga jämfört med områdets tidigare månader.",
        "No peak before the start: the months before the start on {start} were not unusually high against the area's earlier months."),
    "caveat_displacement_up": ("Förflyttning? I grannområdena ({areas}) ökade händelserna efter starten {start}: {change}.",
        "Displacement? In the neighbouring areas ({areas}) incidents rose after the start on {start}: {change}."),
    "caveat_displacement_down": ("Grannområdena ({areas}) minskade också efter starten {start}: {change} – en spridd nytta, eller en gemensam nedgång som inte beror på insatsen.",
        "The neighbouring areas ({areas}) also fell after the start on {start}: {change} – a spread benefit, or a common fall not due to the intervention."),
    "caveat_displacement_none": ("Ingen säkerställd förflyttning till grannområdena ({areas}) efter starten {start}: {change}.",
        "No statistically supported displacement to the neighbouring areas ({areas}) after the start on {start}: {change}."),
    "effects_by_category": ("Effekt per kategori", "Effect per category"),
    "chart_before_after": ("Före och efter: {name} ({area})", "Before and after: {name} ({area})"),
    "chart_incidents_per_month": ("Händelser per månad", "Incidents per month"),
    "chart_comparison_area": ("Jämförelseområde: {name}", "Comparison area: {name}"),
    "chart_mean_before": ("Snitt före start ({value})", "Mean before the start ({value})"),
    "chart_mean_after": ("Snitt efter start ({value})", "Mean after the start ({value})"),
    "chart_expected_without": ("Väntat utan insatsen ({value})", "Expected without the intervention ({value})"),
    "col_expected_without": ("Väntat per månad utan insatsen", "Expected a month without the intervention"),
    "chart_start": ("Start", "Start"),
    "chart_end": ("Slut", "End"),
    "bokslut_year": ("År", "Year"),
    "bokslut_title": ("Trygghetsbokslut {year} – {kommun}", "Annual safety report {year} – {kommun}"),
    "bokslut_insatser": ("Årets insatser", "The year's interventions"),
    "no_bokslut_data": ("Det saknas anmälda brott för kommunen.", "There is no reported crime for the municipality."),
    "col_indicator": ("Indikator", "Indicator"),
    "col_unit": ("Enhet", "Unit"),
    "col_status": ("Status", "Status"),
    "col_source": ("Källa", "Source"),
    "col_baseline": ("Jämförelseperiod", "Baseline period"),
    # --- issue 4: targets, trends, survey uncertainty, measured vs perceived, comparisons, map ---
    "page_malet": ("Målet", "The target"),
    "page_faktisk_upplevd": ("Faktisk och upplevd", "Measured and perceived"),
    "nar_decreased_by": ("minskade: {change}", "decreased: {change}"),
    "nar_increased_by": ("ökade: {change}", "increased: {change}"),
    "nar_rate_unsupported": ("visade ingen säkerställd förändring ({change}, {ci})",
                             "showed no statistically supported change ({change}, {ci})"),
    "nar_crime": ("Anmälda brott i offentlig miljö i {kommun} {change} mellan {baseline} och {target}",
                  "Reported crime in public places in {kommun} {change} between {baseline} and {target}"),
    "nar_crime_and_perceived": ("{crime}, medan andelen otrygga ute sen kväll {perceived}.",
                                "{crime}, while the share feeling unsafe late at night {perceived}."),
    "nar_share_increased": ("ökade från {before} ({before_period}) till {after} ({after_period}) (säkerställd ökning)",
                            "increased from {before} ({before_period}) to {after} ({after_period}) (statistically supported increase)"),
    "nar_share_decreased": ("minskade från {before} ({before_period}) till {after} ({after_period}) (säkerställd minskning)",
                            "decreased from {before} ({before_period}) to {after} ({after_period}) (statistically supported decrease)"),
    "nar_share_unsupported": ("var {before} ({before_period}) och {after} ({after_period}) – ingen säkerställd förändring",
                              "was {before} ({before_period}) and {after} ({after_period}) – no statistically supported change"),
    "nar_target_met": ("{title}: målet är uppnått – brotten {change}.", "{title}: target met – crime {change}."),
    "nar_target_not_met": ("{title}: målet är inte uppnått – brotten {change}.", "{title}: target not met – crime {change}."),
    "nar_target_inconclusive": ("{title}: går inte att avgöra – brotten {change}.", "{title}: inconclusive – crime {change}."),
    "nar_target_pending": ("{title}: målperioden pågår. Hittills ({so_far}) {observed} brott; med samma takt blir det omkring {projected} under {target} (prognos för hela perioden, 95 %: {low}–{high}), mot {baseline_total} under {baseline}.",
        "{title}: the target period is under way. So far ({so_far}) {observed} crimes; at the same rate about {projected} in {target} (projection for the whole period, 95%: {low}–{high}), against {baseline_total} in {baseline}."),
    "nar_vs_lan_higher": ("Andelen otrygga i {kommun} ({own}) är högre än i {lan} ({other}) {period}; skillnaden är säkerställd.",
                          "The share feeling unsafe in {kommun} ({own}) is higher than in {lan} ({other}) in {period}; the difference is statistically supported."),
    "nar_vs_lan_lower": ("Andelen otrygga i {kommun} ({own}) är lägre än i {lan} ({other}) {period}; skillnaden är säkerställd.",
                         "The share feeling unsafe in {kommun} ({own}) is lower than in {lan} ({other}) in {period}; the difference is statistically supported."),
    "nar_vs_lan_unsupported": ("Andelen otrygga i {kommun} ({own}) skiljer sig inte säkerställt från {lan} ({other}) {period}.",
                               "The share feeling unsafe in {kommun} ({own}) is not statistically different from {lan} ({other}) in {period}."),
    "nar_quadrant": ("{kommun} hade {x_cmp} anmälda brott per 100 000 invånare än mediankommunen {year} ({x} mot {x_median}) och en {y_cmp} andel otrygga ute sen kväll ({y} mot {y_median}, {period}).",
                     "{kommun} had {x_cmp} reported crimes per 100,000 inhabitants than the median municipality in {year} ({x} against {x_median}) and a {y_cmp} share feeling unsafe late at night ({y} against {y_median}, {period})."),
    "nar_more": ("fler", "more"),
    "nar_fewer": ("färre", "fewer"),
    "nar_higher": ("högre", "higher"),
    "nar_lower": ("lägre", "lower"),
    "nar_local_survey": ("Andelen otrygga i kommunens egen trygghetsmätning {phrase}.", "In the municipality's own safety survey, the share feeling unsafe {phrase}."),
    "nar_area_suppressed": ("{name}: för få svar {year} (n = {n}) – visas inte.", "{name}: too few answers in {year} (n = {n}) – not shown."),
    "offentlig_definition": ("**Brott i offentlig miljö** = {parts}. Det finns ingen officiell kodlista; urvalet av brottskategorier kan ändras.",
        "**Crime in public places** = {parts}. There is no official code list; the set of crime categories can be changed."),
    "bars_title": ("Brott i offentlig miljö per år – {kommun}", "Crime in public places per year – {kommun}"),
    "bars_counted": ("Anmälda brott (antal)", "Reported crimes (count)"),
    "bars_projected": ("Prognos per år (95 %)",
        "Projection per year (95%)"),
    "bars_projected_hover": ("prognos; årets antal hamnar med 95 % sannolikhet mellan %{customdata[0]} och %{customdata[1]}",
        "projection; the year's count is 95% likely to be between %{customdata[0]} and %{customdata[1]}"),
    "bars_projected_kind": ("Målperiod, prognos", "Target period, projection"),
    "bars_projected_status": ("prognos, 95 %: {low}–{high}", "projection, 95%: {low}–{high}"),
    "bars_baseline_avg": ("Snitt {period}", "Average {period}"),
    "bars_target_period": ("Målperiod {period}", "Target period {period}"),
    "bars_axis": ("Antal brott", "Number of crimes"),
    "change_axis": ("Förändring mot föregående ({unit})", "Change from previous ({unit})"),
    "too_few_answers": ("för få svar", "too few answers"),
    "ci_hover": ("95 % KI %{customdata[0]:.1f}–%{customdata[1]:.1f} %", "95% CI %{customdata[0]:.1f}–%{customdata[1]:.1f}%"),
    "protected_cell": ("visas inte (skyddar en mindre grupp)", "not shown (protects a smaller group)"),
    "share_with_ci": ("{value} (95 % KI {low}–{high})", "{value} (95% CI {low}–{high})"),
    "index_base": ("bas", "base"),
    "index_axis": ("Index (basperiod = 100)", "Index (baseline = 100)"),
    "index_recorded": ("Anmälda brott i offentlig miljö per 100 000 invånare", "Reported crime in public places per 100,000 inhabitants"),
    "index_perceived": ("Andel otrygga ute sen kväll (NTU)", "Share unsafe late at night (NTU)"),
    "index_title": ("Faktisk och upplevd, index – {kommun}", "Measured and perceived, index – {kommun}"),
    "quadrant_title": ("Alla kommuner {year}: anmälda brott och otrygghet ({period})", "All municipalities {year}: reported crime and insecurity ({period})"),
    "quadrant_others": ("Övriga kommuner", "Other municipalities"),
    "quadrant_low_high": ("Färre brott, fler otrygga", "Less crime, more unsafe"),
    "quadrant_high_high": ("Fler brott, fler otrygga", "More crime, more unsafe"),
    "quadrant_low_low": ("Färre brott, färre otrygga", "Less crime, fewer unsafe"),
    "quadrant_high_low": ("Fler brott, färre otrygga", "More crime, fewer unsafe"),
    "trends_heading": ("Förändring period för period", "Change period by period"),
    "trend_title": ("{title}", "{title}"),
    "areas_heading": ("Egen trygghetsmätning {year}, per område", "Own safety survey {year}, by area"),
    "comparison_heading": ("Jämförelse med län, riket och liknande kommuner", "Compared with county, country and similar municipalities"),
    "choose_indicator": ("Indikator", "Indicator"),
    "iqr_band": ("Mittersta hälften av kommunerna (25–75 %)", "Middle half of municipalities (25th–75th percentile)"),
    "map_heading": ("Karta", "Map"),
    "map_level": ("Nivå", "Level"),
    "level_kommun": ("Kommuner", "Municipalities"),
    "level_lan": ("Län", "Counties"),
    "alt_target_bars": ("Stapeldiagram: brott i offentlig miljö per år ({values}). Snitt under basperioden {baseline}: {average} per år; målperiod {target}.",
                        "Bar chart: crime in public places per year ({values}). Baseline {baseline} average: {average} per year; target period {target}."),
    "alt_lines": ("Linjediagram: {title}, {first}–{last}. Senaste värden: {parts}.", "Line chart: {title}, {first}–{last}. Latest values: {parts}."),
    "alt_lines_part": ("{name} {value} ({period})", "{name} {value} ({period})"),
    "alt_index_part": ("{label} {period}: index {index} (bas {base} = 100)", "{label} {period}: index {index} (base {base} = 100)"),
    "alt_indexed": ("Linjediagram med index: {parts}.", "Line chart of indices: {parts}."),
    "alt_quadrant": ("Spridningsdiagram över {n} kommuner: anmälda brott per 100 000 invånare {year} mot andel otrygga {period}. Medianerna {x_median} och {y_median} delar diagrammet i fyra fält. {where}",
                     "Scatter plot of {n} municipalities: reported crime per 100,000 inhabitants in {year} against share feeling unsafe in {period}. The medians {x_median} and {y_median} divide it into four quadrants. {where}"),
    "alt_quadrant_high_high": ("{name} ({x}; {y}) har fler brott och fler otrygga än medianen.", "{name} ({x}; {y}) has more crime and more unsafe than the median."),
    "alt_quadrant_high_low": ("{name} ({x}; {y}) har fler brott men färre otrygga än medianen.", "{name} ({x}; {y}) has more crime but fewer unsafe than the median."),
    "alt_quadrant_low_high": ("{name} ({x}; {y}) har färre brott men fler otrygga än medianen.", "{name} ({x}; {y}) has less crime but more unsafe than the median."),
    "alt_quadrant_low_low": ("{name} ({x}; {y}) har färre brott och färre otrygga än medianen.", "{name} ({x}; {y}) has less crime and fewer unsafe than the median."),
    "alt_changes": ("Stapeldiagram över förändringar med 95 % KI: {parts}.", "Bar chart of changes with 95% CI: {parts}."),
    "alt_areas": ("Stapeldiagram per område med 95 % KI: {parts}.", "Bar chart by area with 95% CI: {parts}."),
    "alt_comparison": ("Linjediagram: {parts}. {iqr}", "Line chart: {parts}. {iqr}"),
    "alt_iqr": ("Mittersta hälften av kommunerna {year}: {q1}–{q3}.", "Middle half of municipalities {year}: {q1}–{q3}."),
    "alt_map": ("Karta över {n} {places} ({period}): lägst {low_name} ({low}), högst {high_name} ({high}); {kommun} är markerad med kraftig kant.",
                "Map of {n} {places} ({period}): lowest {low_name} ({low}), highest {high_name} ({high}); {kommun} is outlined."),
    "alt_map_empty": ("Karta: inga värden för den här indikatorn.", "Map: no values for this indicator."),

    # --- integration: the data and text alternative behind every chart ---
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "col_measure": ("Mått", "Measure"),
    "col_index": ("Index (jämförelseperiod = 100)", "Index (baseline = 100)"),
    "col_index_low": ("Index, 95 % KI nedre", "Index, 95 % CI lower"),
    "col_index_high": ("Index, 95 % KI övre", "Index, 95 % CI upper"),
    "col_share": ("Andel (%)", "Share (%)"),
    "col_from": ("Jämfört med", "Compared with"),
    "col_supported": ("Säkerställd", "Supported"),
    "col_series_break": ("Över seriebrott", "Across series break"),
    "col_answers": ("Antal svar", "Answers"),
    "col_previous_share": ("Andel (%) förra mätningen", "Share (%) previous survey"),
    "col_q1": ("Kommunernas nedre kvartil", "Municipalities' lower quartile"),
    "col_median": ("Kommunernas median", "Municipalities' median"),
    "col_q3": ("Kommunernas övre kvartil", "Municipalities' upper quartile"),
    "col_notes": ("Effekt och förbehåll", "Effect and caveats"),
    "col_month": ("Månad", "Month"),
    "col_phase": ("Fas", "Phase"),
    # --- issue 10: the Trygghetsbokslut as the handlingsprogram's yearly follow-up, the monthly brief ---
    "and": ("och", "and"),
    "or": ("eller", "or"),
    "col_kommun": ("Kommun", "Municipality"),
    "forbund_together": ("Alla kommunerna", "All the municipalities"),
    "bokslut_programme": ("Uppföljning av {name}. Utgångsläge: genomsnittet {baseline}.",
                          "Follow-up of {name}. Starting point: the average of {baseline}."),
    "bokslut_standard": ("Inget handlingsprogram är inlagt för {kommun}: bokslutet följer en standardindelning av brott, "
                         "trygghet och olyckor. Utgångsläge: genomsnittet {baseline}.",
                         "No handlingsprogram is configured for {kommun}: the bokslut follows a standard grouping of "
                         "crime, safety and accidents. Starting point: the average of {baseline}."),
    "bokslut_standard_how": ("Kommunens eget handlingsprogram, med sina målområden och mål, läggs in som en fil i "
                             "datakatalogen (se sidan Data och README).",
                             "The kommun's own handlingsprogram, with its målområden and targets, is added as a file in "
                             "the data dir (see the Data page and the README)."),
    "bokslut_who": ("Visa", "Show"),
    "bokslut_one": ("{kommun}", "{kommun}"),
    "bokslut_all": ("Alla kommuner i programmet ({kommuner})", "All municipalities in the programme ({kommuner})"),
    "bokslut_outside": ("{kommun} ingår inte i {programme}. Målområdena visas ändå för kommunen.",
                        "{kommun} is not part of {programme}. The målområden are shown for it all the same."),
    "bokslut_summary": ("Sammanfattning", "Summary"),
    "col_malomrade": ("Målområde", "Målområde"),
    "col_area_verdict": ("Bedömning mot utgångsläget", "Verdict against the starting point"),
    "col_targets": ("Mål", "Targets"),
    "area_better": ("Bättre än utgångsläget: alla {n} mått säkerställt bättre",
                    "Better than the starting point: all {n} measures statistically supported better"),
    "area_worse": ("Sämre än utgångsläget: alla {n} mått säkerställt sämre",
                   "Worse than the starting point: all {n} measures statistically supported worse"),
    "area_mixed": ("Blandat: {better} av {n} mått säkerställt bättre, {worse} säkerställt sämre",
                   "Mixed: {better} of {n} measures statistically supported better, {worse} worse"),
    "area_untested": ("Inga prövade förändringar mot utgångsläget", "No tested changes from the starting point"),
    "preliminary_for": ("preliminärt för {years}", "preliminary for {years}"),
    "judged_on": ("Bedömt på {parts}.", "Judged on {parts}."),
    "judged_on_short": ("bedömt på {parts}", "judged on {parts}"),
    "forbund_definition": ("Kommunerna ({kommuner}) bedöms tillsammans på en och samma definition: {parts}.",
                           "The municipalities ({kommuner}) are judged together on one and the same definition: {parts}."),
    "left_out_for": ("{parts} ingår inte: uppgifterna saknas för {kommuner}.",
                     "{parts} not included: the figures are missing for {kommuner}."),
    "area_shares_each": ("Enkätandelar läggs inte ihop: se varje kommun", "Survey shares are not added up: see each municipality"),
    "area_no_data": ("Inga värden för året", "No values for the year"),
    "since": ("från {date}", "from {date}"),
    "area_none": ("Ingen säkerställd förändring mot utgångsläget ({n} mått)",
                  "No statistically supported change from the starting point ({n} measures)"),
    "summary_change": ("{what} i {geo} {verb} med {change} mellan {prev} och {period} – en säkerställd {judgement}.",
                       "{what} in {geo} {verb} by {change} between {prev} and {period} – a statistically supported {judgement}."),
    "went_up": ("ökade", "rose"),
    "went_down": ("minskade", "fell"),
    "judged_better": ("förbättring", "improvement"),
    "judged_worse": ("försämring", "deterioration"),
    "no_supported_changes": ("Ingen säkerställd förändring mot föregående mätning.",
                             "No statistically supported change from the previous measurement."),
    "col_value_period": ("Värde (period)", "Value (period)"),
    "col_vs_previous": ("Mot föregående mätning", "Against the previous measurement"),
    "col_vs_baseline": ("Mot utgångsläget {period}", "Against the starting point {period}"),
    "col_when": ("Period", "Period"),
    "col_effect_words": ("Uppmätt effekt", "Measured effect"),
    "col_caveats": ("Att tänka på", "Bear in mind"),
    "bokslut_not_summed": ("summeras inte (andelar i enkäter): se varje kommun", "not summed (survey shares): see each municipality"),
    "bokslut_no_value": ("inget värde", "no value"),
    "bokslut_file_only": ("inget värde: Kolada har inte uppgiften per kommun, den läses in som egen serie på sidan Data",
                          "no value: Kolada does not publish it per municipality; it is imported as an own series on the Data page"),
    "bl_within": ("mätningen {period} ingår i utgångsläget {prev}", "the measurement {period} is part of the starting point {prev}"),
    "pc_none_first": ("första mätningen", "first measurement"),
    "pc_previous_too_few": ("förra mätningen ({prev}) hade för få svar (n = {n}): ingen jämförelse",
                            "the previous measurement ({prev}) had too few answers (n = {n}): no comparison"),
    "level_previous": ("{prev}: {value} kr (modellberäknat, utan felmarginal)", "{prev}: SEK {value} (modelled, no margin of error)"),
    "rate_previous": ("{prev}: {value} (inte prövat: antalet i åldersgruppen finns inte i datalagret)",
                      "{prev}: {value} (not tested: the age group's population is not in the store)"),
    "bl_counts": ("{before} per år i snitt {prev} → {after} {noun} {period}, {label}",
                  "{before} a year on average {prev} → {after} {noun} {period}, {label}"),
    "insatslogg_definition": ("Kommunens egna insatser (EST) med område, start och slut; effekten mäts på händelser per månad i området.",
                              "The municipality's own interventions (EST) with area, start and end; the effect is measured on incidents per month in the area."),
    "bokslut_chart_pick": ("Diagram", "Chart"),
    "bokslut_make_docx": ("Skapa Word-dokument", "Create Word document"),
    "bokslut_make_pdf": ("Skapa PDF", "Create PDF"),
    "bokslut_download_docx": ("Ladda ned Word (.docx)", "Download Word (.docx)"),
    "bokslut_download_pdf": ("Ladda ned PDF", "Download PDF"),
    "bokslut_making": ("Skapar dokumentet …", "Creating the document …"),
    "bokslut_no_insatser_year": ("Inga insatser pågick under {year}.", "No interventions were under way in {year}."),
    "bokslut_targets_heading": ("Målen", "Targets"),
    "bokslut_figures_heading": ("Siffrorna", "The figures"),
    "method_bokslut": ("**Trygghetsbokslutet.** Varje mått visas för året (den senaste mätningen till och med året, med sin period) "
                       "mot föregående mätning, vilket år den än gjordes (en enkät vartannat år jämförs med sin förra omgång), "
                       "och mot programmets utgångsläge: genomsnittet av åren närmast före programperioden, lika många som den har. "
                       "Antal per invånare prövas som alla förändringar (se Förändringar: med seriens vanliga variation från år "
                       "till år, räknad på åren till och med bokslutsåret); "
                       "enkätandelar med skillnaden mellan två andelar (utgångsläget som medelvärdet av dess mätningar, med "
                       "intervallet för ett medelvärde av oberoende enkäter). Färre än 10 händelser visas som antal. Över ett "
                       "seriebrott jämförs inget. För alla kommuner tillsammans summeras händelser och befolkning och takten räknas "
                       "om från summorna; enkätandelar summeras aldrig. Kostnaden för olyckor är MSB:s modellberäknade värde, utan "
                       "felmarginal, och prövas inte. Målområdets bedömning följer dess mått mot utgångsläget: bättre (sämre) "
                       "när alla mått med en prövad förändring är säkerställt bättre (sämre), blandat när några men inte alla är "
                       "det eller de pekar åt olika håll, ingen säkerställd förändring när inget är det; den anger sitt "
                       "nyckeltal (det första mått den vilar på) och säger preliminärt när den vilar på ett preliminärt värde. "
                       "Målen bedöms på åren till och med bokslutsåret, och på den definition som står bredvid: alla "
                       "kommuner tillsammans på en och samma, den som varje kommun har uppgifter för.",
                       "**The annual safety report.** Each measure is shown for the year (the latest measurement up to the year, "
                       "with its period) against the previous measurement, whatever year it was (a survey every other year is "
                       "compared with its previous round), and against the programme's starting point: the average of the years "
                       "right before the programme period, as many as it has. Events per inhabitant are tested as every change is "
                       "(see Changes: with the series' usual variation from year to year, from the years up to the report's); "
                       "survey shares with the difference of two shares (the "
                       "starting point as the mean of its surveys, with the interval of a mean of independent surveys). Fewer than "
                       "10 events are shown as counts. Nothing is compared across a series break. For all municipalities together "
                       "events and population are summed and the rate recomputed from the sums; survey shares are never summed. "
                       "The cost of accidents is MSB's modelled value, without a margin of error, and is not tested. A målområde's "
                       "verdict follows its measures against the starting point: better (worse) when every measure with a tested "
                       "change is statistically supported better (worse), mixed when some but not all are or they point different "
                       "ways, no supported change when none is; it gives its key figure (the first measure it rests on) and says "
                       "preliminary when it rests on a preliminary value. Targets are judged on the years up to the report's year, "
                       "on the definition stated beside them: all municipalities together on one and the same, the one every "
                       "municipality has figures for."),
    "doc_made": ("Sammanställt {date} ur Lägesbild.", "Compiled {date} from Lägesbild."),
    "doc_changes_heading": ("Säkerställda förändringar mot föregående mätning", "Statistically supported changes from the previous measurement"),
    "doc_insatser_lead": ("Insatser som pågick under {year}, med den uppmätta effekten på händelserna i området och vad man bör tänka på när man tolkar den.",
                          "Interventions under way in {year}, with the measured effect on incidents in the area and what to bear in mind when reading it."),
    "doc_sources_heading": ("Källor och definitioner", "Sources and definitions"),
    "doc_source": ("Källa", "Source"),
    "doc_demo_note": ("EXEMPELDATA: kommunerna, förbundet och alla siffror i detta dokument är påhittade för demonstration.",
                      "EXEMPELDATA (demo data): the municipalities, the association and every figure in this document are made up for demonstration."),
    "doc_page": ("Sida", "Page"),
    "doc_of": ("av", "of"),
    "underlag_title": ("Underlag för temagruppen – {kommun}, {month}", "Brief for the theme group – {kommun}, {month}"),
    "underlag_lead": ("Månadens läge: händelser per område mot samma månad i fjol, insatser som startat eller avslutats, "
                      "effekter som kan mätas från denna månad och trygghetsmätningen per område.",
                      "The month's situation: incidents per area against the same month last year, interventions started or "
                      "ended, effects that can be measured from this month and the safety survey per area."),
    "underlag_areas": ("Händelser per område", "Incidents per area"),
    "underlag_started": ("Insatser som startat eller avslutats", "Interventions started or ended"),
    "underlag_none_started": ("Inga insatser startade eller avslutades under månaden.", "No interventions started or ended in the month."),
    "underlag_measurable": ("Effekter som kan mätas från denna månad", "Effects that can be measured from this month"),
    "underlag_measurable_lead": ("Sex månader efter starten går effekten att bedöma. Bedömningen bygger på alla månader som finns i datalagret.",
                                 "Six months after the start the effect can be judged. The judgement uses every month in the store."),
    "underlag_none_measurable": ("Ingen insats nådde sex månader efter starten denna månad.", "No intervention reached six months after its start this month."),
    "underlag_survey": ("Trygghetsmätningen per område", "The safety survey per area"),
    "underlag_no_incidents": ("Det finns inga händelser per område för {kommun}: de kommer från kommunens egen "
                              "händelseexport, som kan läsas in på sidan Data.",
                              "There are no incidents per area for {kommun}: they come from the municipality's own "
                              "incident export, which can be imported on the Data page."),
    "underlag_no_survey": ("Kommunen har ingen trygghetsmätning per område.", "The municipality has no safety survey per area."),
    "incidents_noun": ("händelser", "incidents"),
    "crimes_noun": ("anmälda brott", "reported crimes"),
    "underlag_crime": ("Anmälda brott i kommunen", "Reported crime in the municipality"),
    "brief_no_incidents": ("Händelser per område saknas för {month}: den senaste händelseexporten slutar i {last}.",
                           "Incidents per area are missing for {month}: the latest incident export ends in {last}."),
    "brief_no_incident_export": ("Kommunen har ingen händelseexport per område.", "The municipality has no incident export per area."),
    "brief_no_crime_month": ("Anmälda brott för {month} finns inte ännu: Brås månadssiffror slutar i {last}.",
                             "Reported crime for {month} is not in yet: Brå's monthly figures end in {last}."),
    "brief_no_crime_months": ("Brås månadssiffror för kommunen finns inte i datalagret.",
                              "Brå's monthly figures for the municipality are not in the store."),
    "col_what_happened": ("Vad hände", "What happened"),
    "insats_started": ("startade {date}", "started {date}"),
    "insats_ended": ("avslutades {date}", "ended {date}"),
    "phase_before": ("före", "before"),
    "phase_after": ("efter start", "after start"),
    "phase_ended": ("efter slut", "after end"),
    "alt_area_signals": ("Punktdiagram över {n} områden, {quarter}: händelser mot andel otrygga (95 % KI). {parts}",
                         "Scatter of {n} areas, {quarter}: incidents against share unsafe (95% CI). {parts}"),
    "alt_before_after": ("Linjediagram: händelser per månad i {area} före och efter starten av {name} "
                         "({start}), med den nivå som var väntad utan insatsen; i snitt {before} per månad före och "
                         "{after} efter. {effect}",
                         "Line chart: incidents per month in {area} before and after the start of {name} "
                         "({start}), with the level expected without the intervention; on average {before} a month before "
                         "and {after} after. {effect}"),
    # --- Tillgänglighetsredogörelse (lagesbild/accessibility.py), in the order of Digg's template ---
    "nav_about": ("Om tjänsten", "About the service"),
    "page_tillganglighet": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    # A soft hyphen, so the long word breaks at its parts on a phone instead of mid-syllable.
    "a11y_title": ("Tillgänglighets\u00adredogörelse för Lägesbild", "Accessibility statement for Lägesbild"),
    "a11y_intro": ("{organisation} står bakom Lägesbild. Vi vill att så många som möjligt ska kunna använda "
                   "tjänsten. Här beskriver vi hur Lägesbild uppfyller lagen om tillgänglighet till digital "
                   "offentlig service, vilka brister vi känner till och hur du kan rapportera brister till oss så "
                   "att vi kan åtgärda dem.",
                   "{organisation} is responsible for Lägesbild. We want as many people as possible to be able to "
                   "use it. This statement describes how Lägesbild complies with the Swedish Act on accessibility "
                   "to digital public services, the problems we know of and how you can report problems to us so "
                   "that we can fix them."),
    "a11y_example_operator": ("Exempeldata: den kommun som driver tjänsten skriver här sitt eget namn och sina "
                              "kontaktuppgifter.",
                              "Demo data: the kommun that runs the service puts its own name and contact details "
                              "here."),
    "a11y_no_operator": ("Den som driver tjänsten har ännu inte angett sitt namn och sina kontaktuppgifter för "
                         "redogörelsen (se avsnittet om tillgänglighet i README).",
                         "Whoever runs the service has not yet given their name and contact details for the "
                         "statement (see the accessibility section of the README)."),
    "a11y_how_heading": ("Hur tillgänglig är tjänsten?", "How accessible is the service?"),
    "a11y_how": ("Vi känner till att delar av tjänsten inte är helt tillgängliga. De beskrivs under "
                 "Innehåll som inte är tillgängligt nedan.",
                 "We know that parts of the service are not fully accessible. They are described under "
                 "Content that is not accessible below."),
    "a11y_what_heading": ("Vad kan du göra om du inte kan använda delar av tjänsten?",
                          "What can you do if you cannot use parts of the service?"),
    "a11y_what": ("Varje diagram har ett textalternativ, och alla siffror i ett diagram finns som tabell att "
                  "ladda ned under det (CSV eller Excel). Behöver du innehållet i ett annat format kan du "
                  "kontakta oss: {contact}. {response_time}",
                  "Every chart has a text alternative, and all its figures are a table you can download under it "
                  "(CSV or Excel). If you need the content in another format, contact us: {contact}. "
                  "{response_time}"),
    "a11y_report_heading": ("Rapportera brister i tjänstens tillgänglighet",
                            "Report accessibility problems"),
    "a11y_report": ("Vi strävar hela tiden efter att förbättra tjänstens tillgänglighet. Om du upptäcker problem "
                    "som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, "
                    "meddela oss så att vi får veta att problemet finns: {contact}.",
                    "We keep working to improve the service's accessibility. If you find a problem not described "
                    "on this page, or think we do not meet the law's requirements, tell us so that we know of it: "
                    "{contact}."),
    "a11y_supervision_heading": ("Tillsyn", "Supervision"),
    "a11y_supervision": ("Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn enligt lagen om "
                         "tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar "
                         "dina synpunkter kan du [anmäla det till Digg]({url}).",
                         "The Agency for Digital Government (Digg) supervises the Act on accessibility to digital "
                         "public services. If you are not satisfied with how we handle your comments, you can "
                         "[report it to Digg]({url})."),
    "a11y_technical_heading": ("Teknisk information om tjänstens tillgänglighet",
                               "Technical information about the service's accessibility"),
    "a11y_status_fully": ("Lägesbild är helt förenlig med lagen om tillgänglighet till digital offentlig service.",
                          "Lägesbild is fully compliant with the Act on accessibility to digital public services."),
    "a11y_status_partly": ("Lägesbild är delvis förenlig med lagen om tillgänglighet till digital offentlig "
                           "service, på grund av de brister som beskrivs nedan.",
                           "Lägesbild is partially compliant with the Act on accessibility to digital public "
                           "services, because of the problems described below."),
    "a11y_status_not": ("Lägesbild är inte förenlig med lagen om tillgänglighet till digital offentlig service: "
                        "det automatiska testet har hittat brister, se nedan.",
                        "Lägesbild is not compliant with the Act on accessibility to digital public services: the "
                        "automatic test found problems, see below."),
    "a11y_issues_heading": ("Innehåll som inte är tillgängligt", "Content that is not accessible"),
    "a11y_issue_nav_list": ("**Användning utan synförmåga.** Sidomenyns länkar är listpunkter som inte ligger "
                            "direkt i sin lista (rubrikerna ligger emellan), så en skärmläsare kan säga fel antal "
                            "länkar. Menyn kommer från ramverket Streamlit och kan inte ändras av tjänsten. "
                            "(WCAG {wcag})",
                            "**Use without vision.** The side menu's links are list items that are not directly in "
                            "their list (the headings sit between them), so a screen reader may announce the wrong "
                            "number of links. The menu comes from the Streamlit framework and cannot be changed by "
                            "the service. (WCAG {wcag})"),
    "a11y_issue_lang_script": ("**Användning utan synförmåga.** Sidans språk (svenska eller engelska) anges av ett "
                               "litet skript när sidan har laddats; ramverket Streamlit skriver själv engelska. "
                               "Innan skriptet har körts kan en skärmläsare läsa upp svensk text med engelskt "
                               "uttal. (WCAG {wcag})",
                               "**Use without vision.** The page's language (Swedish or English) is set by a small "
                               "script once the page has loaded; the Streamlit framework itself declares English. "
                               "Before the script has run a screen reader may read Swedish text with English "
                               "pronunciation. (WCAG {wcag})"),
    "a11y_issue_streamlit_english": ("**Användning utan synförmåga.** Några knappar och länkar som ramverket "
                                     "Streamlit lägger till har engelska namn även på svenska sidor: Skip to main "
                                     "content, Link to heading, Fullscreen och Clear all. (WCAG {wcag})",
                                     "**Use without vision.** A few buttons and links the Streamlit framework adds "
                                     "have English names on Swedish pages too: Skip to main content, Link to "
                                     "heading, Fullscreen and Clear all. (WCAG {wcag})"),
    "a11y_issue_chart_points": ("**Användning utan synförmåga och med nedsatt finmotorik.** Diagrammen har ett "
                                "textalternativ som sitt namn, men diagrammets enskilda punkter kan inte nås med "
                                "tangentbord eller skärmläsare. Alla värden finns i tabellen som kan laddas ned "
                                "under varje diagram. (WCAG {wcag})",
                                "**Use without vision and with limited fine motor control.** Each chart has a text "
                                "alternative as its name, but its single points cannot be reached with a keyboard "
                                "or a screen reader. All values are in the table you can download under each "
                                "chart. (WCAG {wcag})"),
    "a11y_issue_presentation_link": ("**Presentationsläge.** Bildspelet visas utan sidomeny, så länken till den "
                                     "här redogörelsen nås först efter Avsluta presentationen.",
                                     "**Presentation mode.** The slides are shown without the side menu, so the "
                                     "link to this statement is reached only after Leave presentation."),
    "a11y_upstream": ("Rapporterat till Streamlit: [{url}]({url}).", "Reported to Streamlit: [{url}]({url})."),
    "a11y_tested_heading": ("Hur vi testat tjänsten", "How we tested the service"),
    "a11y_tested": ("Vi har själva granskat tjänsten (självskattning). Senaste bedömningen gjordes {date} på version "
                    "{version} av Lägesbild: ett automatiskt test med axe-core {axe} i webbläsaren {browser} på "
                    "tjänstens alla {pages} sidor, på svenska och engelska, med exempeldatans kommun {kommun} som "
                    "har alla slags uppgifter, mot {standard}. Testet fann {violations} brister i tjänstens eget "
                    "innehåll; bristerna i Streamlits egen kod är de som beskrivs ovan. Tangentbordsnavigering och "
                    "synlig fokusmarkering har prövats för hand. Redogörelsen uppdaterades senast {date}.",
                    "We assessed the service ourselves (self-assessment). The latest assessment was made on {date} "
                    "on version {version} of Lägesbild: an automatic test with axe-core {axe} in the {browser} "
                    "browser on all of the service's {pages} pages, in Swedish and English, with the demo data's "
                    "municipality {kommun}, which has every kind of data, against {standard}. The test found "
                    "{violations} problems in the service's own content; the problems in Streamlit's own code are "
                    "those described above. Keyboard navigation and visible focus were tried by hand. This statement "
                    "was last updated on {date}."),
    "a11y_uncommitted": (" (med ändringar som ännu inte var incheckade)", " (with changes not yet committed)"),
    "a11y_no_audit": ("Det finns inget sparat testresultat att redovisa.", "There is no saved test result to show."),
    "a11y_table_page": ("Sida", "Page"),
    "a11y_table_lang": ("Språk", "Language"),
    "a11y_table_app": ("Brister i tjänstens innehåll", "Problems in the service's content"),
    "a11y_table_streamlit": ("Kända brister i Streamlits kod", "Known problems in Streamlit's code"),
    "a11y_lang_sv": ("svenska", "Swedish"),
    "a11y_lang_en": ("engelska", "English"),
}


def t(key: str, lang: str = "sv", **values) -> str:
    sv, en = TEXT[key]
    text = en if lang == "en" else sv
    return text.format(**values) if values else text


# --- Lägesbild enligt lagen (issue 25, lagesbild/rapport.py) ---
TEXT.update({
    "page_rapport": ("Lägesbild enligt lagen", "Statutory situation report"),
    "rapport_title": ("Lägesbild {year} – {kommun}", "Situation report {year} – {kommun}"),
    "rapport_lead": ("Kartläggning, analys och åtgärdsplan enligt lagen (2023:196) om kommuners ansvar för "
                     "brottsförebyggande arbete, 4 §, med uppföljning av förra årets plan.",
                     "Mapping, analysis and action plan under the Act (2023:196) on municipalities' responsibility for "
                     "crime prevention, section 4, with a follow-up of last year's plan."),
    "rapport_kartlaggning": ("1. Kartläggning", "1. Mapping"),
    "rapport_konsekvenser": ("2. Konsekvenser", "2. Consequences"),
    "rapport_annat": ("3. Annan relevant information", "3. Other relevant information"),
    "rapport_analys": ("4. Analys", "4. Analysis"),
    "rapport_atgarder": ("5. Åtgärdsplan", "5. Action plan"),
    "rapport_uppfoljning": ("6. Uppföljning", "6. Follow-up"),
    "rapport_crime_heading": ("Anmälda brott per brottstyp", "Reported crime by category"),
    "rapport_crime_lead": ("Senaste året mot länet, liknande kommuner och Riket, och de senaste fem årens utveckling. "
                           "”Högre” och ”lägre” står bara där skillnaden är större än slumpen förklarar.",
                           "The latest year against the county, similar municipalities and Sweden, and the last five "
                           "years' development. 'Higher' and 'lower' only where the difference is larger than chance explains."),
    "rapport_where_heading": ("Var i kommunen", "Where in the municipality"),
    "rapport_when_heading": ("När under året", "When in the year"),
    "rapport_felt_heading": ("Upplevd trygghet och oro per grupp", "Felt safety and worry by group"),
    "rapport_col_crime": ("Brottstyp", "Category"),
    "rapport_col_level": ("Nivå", "Level"),
    "rapport_col_lan": ("Mot länet", "Against the county"),
    "rapport_col_group": ("Mot liknande kommuner", "Against similar municipalities"),
    "rapport_col_riket": ("Mot Riket", "Against Sweden"),
    "rapport_col_trend": ("Fem år", "Five years"),
    "rapport_col_period": ("Period", "Period"),
    "rapport_col_incidents": ("Händelser", "Incidents"),
    "rapport_col_last_year": ("Året före", "A year earlier"),
    "rapport_col_change": ("Förändring", "Change"),
    "rapport_col_question": ("Fråga", "Question"),
    "rapport_col_group_people": ("Grupp", "Group"),
    "rapport_col_share": ("Andel (95 % KI)", "Share (95% CI)"),
    "rapport_col_what": ("Vad", "What"),
    "rapport_col_source": ("Källa", "Source"),
    "rapport_col_problem": ("Problem", "Problem"),
    "rapport_col_insats": ("Insats", "Intervention"),
    "rapport_col_responsible": ("Ansvarig", "Responsible"),
    "rapport_col_effect": ("Uppmätt effekt", "Measured effect"),
    "rapport_all": ("alla", "everyone"),
    "rapport_no_value": ("uppgift saknas", "no figure"),
    "rapport_no_group": ("ingen jämförelsegrupp", "no comparison group"),
    "rapport_no_trend": ("för få år att bedöma", "too few years to judge"),
    "rapport_no_crime": ("Det finns inga anmälda brott per brottstyp för {kommun} i datalagret; kartläggningen av brott "
                         "kan inte göras förrän de hämtats.",
                         "There is no reported crime by category for {kommun} in the store; the mapping of crime "
                         "cannot be made until it has been fetched."),
    "rapport_no_group_text": ("{kommun} har ingen grupp av liknande kommuner i datalagret; jämförelsen med liknande "
                              "kommuner saknas.",
                              "{kommun} has no group of similar municipalities in the store; the comparison with similar "
                              "municipalities is missing."),
    "rapport_no_areas": ("Det finns inga händelser per område för {kommun} (kommunens egna händelserapporter): var i "
                         "kommunen brotten sker kan inte visas. Lägg till dem på sidan Data.",
                         "There are no incidents by area for {kommun} (the municipality's own incident reports): where "
                         "in the municipality crime happens cannot be shown. Add them on the Data page."),
    "rapport_no_months": ("Det finns inga månadssiffror för anmälda brott: när under året brotten sker kan inte visas.",
                          "There are no monthly figures for reported crime: when in the year crime happens cannot be shown."),
    "rapport_no_felt": ("Det finns ingen trygghetsmätning med svar för {kommun}: upplevd trygghet per grupp kan inte visas.",
                        "There is no safety survey with answers for {kommun}: felt safety by group cannot be shown."),
    "rapport_survey_local": ("Kommunens egen trygghetsmätning används, tillsammans med NTU där den finns.",
                             "The municipality's own safety survey is used, together with the NTU where available."),
    "rapport_survey_ntu": ("Ingen lokal trygghetsmätning finns — NTU (Brås nationella trygghetsundersökning) används.",
                           "There is no local safety survey — the NTU (Brå's national crime survey) is used."),
    "rapport_survey_none": ("Ingen trygghetsmätning finns, varken lokal eller NTU.",
                            "There is no safety survey, neither local nor the NTU."),
    "rapport_cons_unsafe": ("{share} % i {kommun} kände sig otrygga ute sent en kväll i sitt bostadsområde ({period}).",
                            "{share}% in {kommun} felt unsafe out late at night in their neighbourhood ({period})."),
    "rapport_cons_avoided": ("{share} % har avstått från att gå ut av oro för brott ({period}, kommunens egen mätning).",
                             "{share}% have refrained from going out for fear of crime ({period}, the municipality's own survey)."),
    "rapport_cons_no_avoided": ("Hur många som avstår från att gå ut av oro för brott mäts inte för kommunen.",
                                "How many refrain from going out for fear of crime is not measured for the municipality."),
    "rapport_cons_groups": ("Skillnaden mellan grupper (kvinnor, män, åldrar) står i kartläggningen ovan.",
                            "The difference between groups (women, men, ages) is in the mapping above."),
    "rapport_cons_no_groups": ("Hur otryggheten skiljer sig mellan grupper kan inte visas: mätningen redovisas inte per grupp.",
                               "How insecurity differs between groups cannot be shown: the survey is not reported by group."),
    "rapport_cons_cannot": ("Vad uppgifterna inte kan säga: vilka som utsatts för brott i kommunen, brottens kostnader "
                            "och skador, och brott som inte anmäls. Det kräver polisens, socialtjänstens och vårdens "
                            "kunskap och bör läggas till av kommunen.",
                            "What the data cannot say: who in the municipality was a victim of crime, the costs and "
                            "harm of crime, and crime that is not reported. That needs the police's, social services' "
                            "and health care's knowledge and should be added by the municipality."),
    "rapport_other_heading": ("Olyckor, bränder och kommunens egna serier", "Accidents, fires and the municipality's own series"),
    "rapport_no_other": ("Det finns inga serier om olyckor eller bränder för {kommun} i datalagret.",
                         "There are no series on accidents or fires for {kommun} in the store."),
    "rapport_incidents_heading": ("Händelser (EST)", "Incidents (EST)"),
    "rapport_incidents": ("{count} händelser i {areas} områden under {period}; per område i kartläggningen.",
                          "{count} incidents in {areas} areas in {period}; by area in the mapping."),
    "rapport_no_incidents": ("Det finns inga händelserapporter (EST) för {kommun}.",
                             "There are no incident reports (EST) for {kommun}."),
    "rapport_analys_lead": ("Problemen som uppgifterna pekar på, rangordnade efter en regel: varje tecken ger en poäng — "
                            "högre än Riket, högre än liknande kommuner, ökande de senaste fem åren, fler otrygga än i "
                            "Riket, händelser som ökat i ett område. Bara säkerställda tecken räknas. Flest poäng först; "
                            "vid lika poäng den som ligger mest över Riket.",
                            "The problems the data points to, ranked by one rule: each sign scores a point — higher "
                            "than Sweden, higher than similar municipalities, rising over the last five years, more "
                            "people unsafe than in Sweden, incidents that rose in an area. Only statistically supported "
                            "signs count. Most points first; equal points by how far above Sweden."),
    "rapport_no_problems": ("Uppgifterna pekar inte på något problem enligt regeln: inget är säkerställt högre än Riket "
                            "eller liknande kommuner, och inget ökar säkerställt.",
                            "The data points to no problem under the rule: nothing is statistically higher than Sweden or "
                            "similar municipalities, and nothing rises with statistical support."),
    "rapport_problem_heading": ("{n}. {title} ({points} poäng)", "{n}. {title} (score {points})"),
    "rapport_signs": ("Varför: {signs}.", "Why: {signs}."),
    "rapport_evidence": ("Underlag: {lines}.", "Evidence: {lines}."),
    "rapport_sign_riket": ("högre än {other}", "higher than {other}"),
    "rapport_sign_group": ("högre än {other}", "higher than {other}"),
    "rapport_sign_trend": ("ökar ({trend})", "rising ({trend})"),
    "rapport_sign_felt": ("fler otrygga än i {other}", "more people unsafe than in {other}"),
    "rapport_sign_area": ("händelserna har ökat {change} ({period})", "incidents rose {change} ({period})"),
    "rapport_area_problem": ("Händelser i {area}", "Incidents in {area}"),
    "rapport_uncertainty_rate": ("Osäkerhet: bedömningen bygger på {basis}; ett litet antal brott ger stora slumpmässiga "
                                 "svängningar, och anmälda brott visar också hur mycket som anmäls.",
                                 "Uncertainty: the judgement rests on {basis}; a small number of crimes gives large random "
                                 "swings, and reported crime also shows how much is reported."),
    "rapport_uncertainty_share": ("Osäkerhet: bedömningen bygger på {basis}; andelen har ett osäkerhetsintervall.",
                                  "Uncertainty: the judgement rests on {basis}; the share has an uncertainty interval."),
    "rapport_uncertainty_area": ("Osäkerhet: {count} händelser under perioden; kommunens egna rapporter fångar det "
                                 "som rapporteras, inte allt som händer.",
                                 "Uncertainty: {count} incidents in the period; the municipality's own reports catch what "
                                 "is reported, not everything that happens."),
    "rapport_atgarder_lead": ("Insatserna i insatsloggen som anger att de riktar sig mot problemet, med ansvarig, period och "
                              "uppmätt effekt. Problem utan insats är markerade.",
                              "The interventions in the log that say they address the problem, with the responsible party, "
                              "period and measured effect. Problems without an intervention are flagged."),
    "rapport_flag_none": ("⚠ Ingen insats riktar sig mot problemet", "⚠ No intervention addresses the problem"),
    "rapport_flagged": ("{n} av {of} problem saknar insats: {problems}.", "{n} of {of} problems have no intervention: {problems}."),
    "rapport_all_addressed": ("Alla problem har minst en insats.", "Every problem has at least one intervention."),
    "rapport_unlinked": ("Insatser som inte anger något av problemen ovan: {names}. Ange vilket problem de riktar sig mot "
                         "i insatsloggen (kolumnen Problem).",
                         "Interventions that name none of the problems above: {names}. Say which problem they address in "
                         "the interventions log (the Problem column)."),
    "rapport_no_insatser": ("Det finns inga insatser i insatsloggen för {kommun}: åtgärdsplanen är tom. Lägg till dem på "
                            "sidan Insatser.",
                            "There are no interventions in the log for {kommun}: the action plan is empty. Add them on "
                            "the Interventions page."),
    "rapport_no_responsible": ("ansvarig ej angiven", "responsible not given"),
    "rapport_followup_insatser": ("Förra årets insatser ({year})", "Last year's interventions ({year})"),
    "rapport_no_followup": ("Inga insatser pågick {year} enligt insatsloggen; det finns ingen plan att följa upp.",
                            "No interventions ran in {year} according to the log; there is no plan to follow up."),
    "rapport_followup_targets": ("Målen", "The targets"),
    "rapport_no_targets": ("Inga mål är angivna för kommunen.", "No targets are set for the municipality."),
    "rapport_missing_heading": ("Det här saknas i underlaget", "Missing from the data"),
    "rapport_download_docx": ("Ladda ned lägesbilden (Word)", "Download the report (Word)"),
    "rapport_download_pdf": ("Ladda ned lägesbilden (PDF)", "Download the report (PDF)"),
    "rapport_summary_heading": ("Kort sammanfattning för allmänheten", "Short public summary"),
    "rapport_summary_download_html": ("Ladda ned sammanfattningen (webbsida)", "Download the summary (web page)"),
    "rapport_summary_download_pdf": ("Ladda ned sammanfattningen (PDF)", "Download the summary (PDF)"),
    "rapport_summary_title": ("Tryggheten i {kommun} {year} – sammanfattning", "Safety in {kommun} {year} – summary"),
    "rapport_summary_lead": ("{kommun} tar varje år fram en lägesbild över brott och trygghet och beslutar om åtgärder. "
                             "Det här är en kort sammanfattning av lägesbilden för {year}.",
                             "Every year {kommun} draws up a picture of crime and safety and decides on measures. This is "
                             "a short summary of the picture for {year}."),
    "rapport_summary_problems": ("De största problemen enligt uppgifterna är {problems}.",
                                 "The largest problems according to the data are {problems}."),
    "rapport_summary_no_problems": ("Uppgifterna pekar inte ut något brottsproblem som tydligt större än i landet.",
                                    "The data points to no crime problem clearly larger than in the country."),
    "rapport_summary_measures": ("Kommunen och dess samarbetspartner har {n} insatser; {flagged} problem saknar ännu en insats.",
                                 "The municipality and its partners have {n} interventions; {flagged} problems have no "
                                 "intervention yet."),
    "insatser_by_problem": ("Insatser per problem", "Interventions by problem"),
    "rapport_windowed": ("medelvärde över {years} år: förändringen står i Trygghetsbokslutet",
                         "mean over {years} years: the change is in the Trygghetsbokslut"),
    "rapport_year": ("År för planen", "The plan's year"),
    "method_rapport": ("**Rangordningen av problem.** Varje brottstyp får en poäng för varje säkerställt tecken: högre än "
                       "Riket, högre än liknande kommuner (95 % konfidens, som i trattdiagrammet), en ökande femårstrend "
                       "(hela 95 %-intervallet över noll); en fråga om otrygghet får en poäng om andelen otrygga är "
                       "säkerställt högre än i Riket; ett område en poäng om dess händelser ökat säkerställt mot samma "
                       "månader året före. Flest poäng först, vid lika poäng störst kvot mot Riket. En insats riktar sig "
                       "mot ett problem när de stämmer överens i allt båda anger (brottstyp, område, grupp).",
                       "**Ranking the problems.** Each crime category scores a point for each statistically supported "
                       "sign: higher than Sweden, higher than similar municipalities (95% confidence, as in the funnel "
                       "plot), a rising five-year trend (the whole 95% interval above zero); a question on insecurity "
                       "scores a point when the share unsafe is supported higher than in Sweden; an area a point when "
                       "its incidents rose against the same months a year earlier. Most points first, equal points by "
                       "the largest ratio to Sweden. An intervention addresses a problem when they agree on everything "
                       "both name (category, area, group)."),
})
