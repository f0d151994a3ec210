/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-route-state.h"
#include "rb-schema.h"
#include "rb-signals.h"
#include "rb-store.h"
#include "rb-test-util.h"
#include "rb-util.h"

/*
 * Routes as data: every preset walks fixture cases from the first signal to closure, and
 * after each event the next step, its due day, the phase and one step's state must match
 * the hand-written tables below (region midden: herfstvakantie 17-25 October 2026,
 * kerstvakantie 19 December 2026 - 3 January 2027). Every row cites the seed.
 */

typedef enum
{
  OP_OPEN,        /* the case is opened today with status @arg, following the preset */
  OP_CHECK,       /* nothing happens; only the day moves on */
  OP_LOG,         /* logbook entry with action @arg */
  OP_MEETING,     /* meeting of kind @arg */
  OP_EXPORT,      /* a document of kind @arg is exported */
  OP_STATUS,      /* status changes to @arg */
  OP_PLACEMENT,   /* a bridge placement starts at a location of kind @arg */
  OP_SIGNAL,      /* the criterion with code @arg fires */
  OP_DONE,        /* the regisseur marks step @arg done */
  OP_NA,          /* the regisseur marks step @arg not applicable, reason @reason */
} Op;

typedef struct
{
  const char *today;
  Op op;
  const char *arg;
  const char *next;     /* NULL: no step open */
  const char *due;      /* NULL: the next step has no deadline (or there is none) */
  const char *phase;
  const char *step;     /* a step whose state is checked */
  const char *state;
  const char *seed;     /* why, in the seed's words */
} Row;

typedef struct
{
  const char *preset;
  const char *school_type;
  const Row *rows;
} Walk;

static guint n_assertions;

#define EXPECT_STR(a, b) G_STMT_START { g_assert_cmpstr ((a), ==, (b)); n_assertions++; } G_STMT_END

/* PO Drechtsteden met kernteam, seed 000: a case that escalates to a bridge placement,
 * becomes a thuiszitter, reaches doorzettingsmacht (§2.9) and is closed (stap 18). */
static const Row po_kernteam_escalates[] = {
  { "2026-09-07", OP_OPEN, "signalering", "bespreken-ouders", NULL, "start", "bespreken-ouders", "open", "stap 1: zo snel mogelijk na de signalering" },
  { "2026-09-09", OP_LOG, "Gesprek met ouders en leerling", "regisseurs-aanstellen", NULL, "start", "bespreken-ouders", "done", "stap 1 gedaan → stap 3" },
  { "2026-09-11", OP_SIGNAL, "unauth-16h-4w", "melden-duo", NULL, "start", "melden-duo", "open", "stap 2/9: 16 uur in 4 weken → DUO" },
  { "2026-09-11", OP_LOG, "Melding DUO gedaan", "regisseurs-aanstellen", NULL, "start", "melden-duo", "done", "stap 2 gedaan" },
  { "2026-09-14", OP_DONE, "regisseurs-aanstellen", "logboek", NULL, "start", "regisseurs-aanstellen", "done", "stap 3/5 met de hand afgevinkt → stap 4" },
  { "2026-09-14", OP_LOG, "Logboek gestart", "rollen-afstemmen", NULL, "start", "logboek", "done", "stap 4 gedaan → stap 6" },
  { "2026-09-15", OP_LOG, "Overleg met leerplichtambtenaar", NULL, NULL, "start", "melden-te-laat", "waiting", "stap 6 gedaan; stap 9 (9x te laat) wacht op een signaal" },
  { "2026-09-21", OP_STATUS, "dreigend", "vier-weken", "2026-10-19", "vier-weken", "escalatie-ot", "open", "stap 7/8: > 3 dagen thuis, vier weken beginnen" },
  { "2026-09-24", OP_MEETING, "ot-breed", "vier-weken", "2026-10-19", "vier-weken", "escalatie-ot", "done", "stap 7: besproken in het OT" },
  { "2026-09-28", OP_LOG, "Plan van aanpak opbouw onderwijstijd", "vier-weken", "2026-10-19", "vier-weken", "plan-van-aanpak", "done", "stap 11" },
  { "2026-10-20", OP_CHECK, NULL, "vier-weken", "2026-10-19", "vier-weken", "vier-weken", "overdue", "stap 13/14: na vier weken, een dag te laat" },
  { "2026-10-26", OP_LOG, "Evaluatie vier weken: brugplaats", "overstap", NULL, "perspectief", "vier-weken", "done", "stap 14 → stap 15" },
  { "2026-10-28", OP_STATUS, "brugplaatsing", "brug-overleg", "2026-11-04", "brugplaats", "brug-crisisteam", "open", "§2.4 route stap 4: binnen een week overleg" },
  { "2026-10-30", OP_MEETING, "crisisteam", "brug-overleg", "2026-11-04", "brugplaats", "brug-crisisteam", "done", "§2.4 route stap 5" },
  { "2026-11-02", OP_PLACEMENT, "SBO", "brug-overleg", "2026-11-04", "brugplaats", "brug-tussenevaluatie", "open", "§2.4 stap 6: geplaatst" },
  { "2026-11-02", OP_EXPORT, "brugformat", "brug-tussenevaluatie", "2026-11-30", "brugplaats", "kdc-voortgang", "waiting", "§2.4 stap 4 brugformat gedeeld; §2.5 geldt niet (SBO)" },
  { "2026-11-27", OP_MEETING, "tussenevaluatie", "brug-eindadvies", "2026-12-14", "brugplaats", "brug-tussenevaluatie", "done", "§2.4 stap 8: na 4 schoolweken" },
  { "2026-12-15", OP_CHECK, NULL, "brug-eindadvies", "2026-12-14", "brugplaats", "brug-eindadvies", "overdue", "§2.4 stap 8: na 6 schoolweken" },
  { "2026-12-16", OP_MEETING, "eindadvies", "brug-verwijzing", "2027-01-11", "brugplaats", "brug-eindadvies", "done", "§2.4: 8 schoolweken, de kerstweken tellen niet" },
  { "2026-12-16", OP_STATUS, "thuiszitter", "brug-verwijzing", "2027-01-11", "brugplaats", "aanbod-drie-maanden", "open", "§3.3: binnen 3 maanden een passend aanbod" },
  { "2027-01-06", OP_LOG, "Sectordirecteur betrokken", "brug-verwijzing", "2027-01-11", "brugplaats", "sectordirecteur", "done", "§2.9 stap 1-2" },
  { "2027-01-08", OP_LOG, "Verwijzing naar SO verzorgd", "aanbod-drie-maanden", "2027-03-10", "doorzetting", "brug-verwijzing", "done", "§2.4 stap 9" },
  { "2027-01-20", OP_MEETING, "escalatietafel", "aanbod-drie-maanden", "2027-03-10", "doorzetting", "doorzettingsbesluit", "done", "§2.9 stap 3: doorzettingsbesluit" },
  { "2027-03-11", OP_CHECK, NULL, "aanbod-drie-maanden", "2027-03-10", "doorzetting", "aanbod-drie-maanden", "overdue", "§3.3: 12 weken verstreken" },
  { "2027-03-15", OP_STATUS, "afgesloten", "verslag", NULL, "afronding", "overstap", "not-applicable", "stap 18: afronding; stap 15 niet meer aan de orde" },
  { "2027-03-16", OP_LOG, "Verslag in de thuiszittersregistratie", NULL, NULL, "afronding", "verslag", "done", "stap 18 gedaan" },
  { NULL }
};

/* Seed 000 §1.6: the absence stops after the talk with the parents; the registration closes. */
static const Row po_kernteam_stops[] = {
  { "2026-09-07", OP_OPEN, "signalering", "bespreken-ouders", NULL, "start", "regisseurs-aanstellen", "waiting", "stap 1" },
  { "2026-09-08", OP_LOG, "Gesprek met ouders", "regisseurs-aanstellen", NULL, "start", "bespreken-ouders", "done", "stap 1 → 3" },
  { "2026-09-18", OP_STATUS, "afgesloten", "verslag", NULL, "afronding", "regisseurs-aanstellen", "not-applicable", "§1.6: verzuim stopt, registratie wordt afgesloten" },
  { "2026-09-21", OP_LOG, "Verslag: verzuim gestopt", NULL, NULL, "afronding", "verslag", "done", "stap 18" },
  { NULL }
};

/* PO Drechtsteden zonder kernteam (SBO/SO), seed 000: escalates to a KDC-ASVZ bridge (§2.5). */
static const Row po_zonder_escalates[] = {
  { "2026-09-07", OP_OPEN, "signalering", "bespreken-ouders", NULL, "start", "consult-swv", "waiting", "stap 1" },
  { "2026-09-08", OP_LOG, "Gesprek met ouders", "consult-swv", NULL, "start", "rollen-afstemmen", "open", "stap 1 → stap 3 en 5" },
  { "2026-09-09", OP_SIGNAL, "late-9", "melden-te-laat", NULL, "start", "melden-te-laat", "open", "stap 8: negen keer te laat" },
  { "2026-09-09", OP_LOG, "Melding DUO: te laat", "consult-swv", NULL, "start", "melden-te-laat", "done", "stap 8 gedaan" },
  { "2026-09-10", OP_NA, "consult-swv", "rollen-afstemmen", NULL, "start", "consult-swv", "not-applicable", "stap 3: de school heeft geen twijfels" },
  { "2026-09-10", OP_LOG, "Overleg met leerplichtambtenaar", NULL, NULL, "start", "logboek", "waiting", "stap 5 gedaan; stap 4 volgt op het consult" },
  { "2026-09-14", OP_STATUS, "dreigend", "vier-weken", "2026-10-12", "vier-weken", "plan-van-aanpak", "open", "stap 6/7: vier weken" },
  { "2026-09-17", OP_MEETING, "ot-breed", "vier-weken", "2026-10-12", "vier-weken", "escalatie-ot", "done", "stap 6: in het OT" },
  { "2026-10-12", OP_CHECK, NULL, "vier-weken", "2026-10-12", "vier-weken", "vier-weken", "open", "stap 12/13: vandaag" },
  { "2026-10-13", OP_CHECK, NULL, "vier-weken", "2026-10-12", "vier-weken", "vier-weken", "overdue", "stap 12/13: verstreken" },
  { "2026-10-14", OP_LOG, "Evaluatie vier weken", "plan-van-aanpak", NULL, "vier-weken", "vier-weken", "done", "stap 13 → 10 staat nog open" },
  { "2026-10-14", OP_LOG, "Plan van aanpak gemaakt", "overstap", NULL, "perspectief", "plan-van-aanpak", "done", "stap 10 → 14" },
  { "2026-11-02", OP_STATUS, "brugplaatsing", "brug-overleg", "2026-11-09", "brugplaats", "brug-crisisteam", "open", "stap 15; §2.4 binnen een week" },
  { "2026-11-05", OP_PLACEMENT, "KDC", "brug-overleg", "2026-11-09", "brugplaats", "kdc-voortgang", "open", "§2.5: brugplaats KDC-ASVZ" },
  { "2026-11-05", OP_EXPORT, "brugformat", "kdc-voortgang", "2026-12-17", "brugplaats", "brug-tussenevaluatie", "waiting", "§2.5: ca. 6 weken; SBO-stappen wachten" },
  { "2026-12-17", OP_MEETING, "tussenevaluatie", "overstap", NULL, "perspectief", "kdc-voortgang", "done", "§2.5 voortgangsgesprek" },
  { "2026-12-18", OP_NA, "brug-crisisteam", "overstap", NULL, "perspectief", "brug-crisisteam", "not-applicable", "§2.4 crisisteam hoort bij SBO" },
  { "2027-01-11", OP_STATUS, "afgesloten", "verslag", NULL, "afronding", "overstap", "not-applicable", "stap 17" },
  { "2027-01-12", OP_LOG, "Verslag", NULL, NULL, "afronding", "verslag", "done", "stap 17 gedaan" },
  { NULL }
};

static const Row po_zonder_stops[] = {
  { "2026-09-07", OP_OPEN, "signalering", "bespreken-ouders", NULL, "start", "bespreken-ouders", "open", "stap 1" },
  { "2026-09-08", OP_LOG, "Gesprek met ouders", "consult-swv", NULL, "start", "consult-swv", "open", "stap 3" },
  { "2026-09-11", OP_STATUS, "afgesloten", "verslag", NULL, "afronding", "consult-swv", "not-applicable", "§1.6: verzuim stopt" },
  { "2026-09-14", OP_LOG, "Verslag", NULL, NULL, "afronding", "verslag", "done", "stap 17" },
  { NULL }
};

/* ZHW met schoolinschrijving, seed 003: JES, escalation after 8 weeks partial and 4 weeks
 * absent, the tables of bijlage 1. */
static const Row zhw_met_escalates[] = {
  { "2026-09-07", OP_OPEN, "signalering", "signalen-bespreken", "2026-09-21", "fase-2", "jes", "open", "fase 2: looptijd 2 weken" },
  { "2026-09-10", OP_LOG, "Gesprek met ouders over verzuim", "jes", "2026-09-21", "fase-2", "signalen-bespreken", "done", "fase 2 §4" },
  { "2026-09-17", OP_MEETING, "jes", "jes-evaluatie", "2026-11-26", "fase-3a", "jes", "done", "fase 2 §6; fase 3a 2-10 weken" },
  { "2026-09-21", OP_STATUS, "dreigend", "opschalen-8-weken", "2026-11-16", "fase-3b", "opschalen-8-weken", "open", "fase 3b: na 8 weken" },
  { "2026-10-01", OP_SIGNAL, "unauth-16h-4w", "opschalen-8-weken", "2026-11-16", "fase-3b", "registreren-melden", "open", "fase 2 §5: 16 uur in 4 weken" },
  { "2026-10-01", OP_LOG, "Melding DUO", "opschalen-8-weken", "2026-11-16", "fase-3b", "registreren-melden", "done", "fase 2 §5" },
  { "2026-11-05", OP_MEETING, "jes", "opschalen-8-weken", "2026-11-16", "fase-3b", "jes-evaluatie", "done", "fase 2 §6: evaluatie in een volgend JES" },
  { "2026-11-17", OP_CHECK, NULL, "opschalen-8-weken", "2026-11-16", "fase-3b", "opschalen-8-weken", "overdue", "fase 3b" },
  { "2026-11-18", OP_STATUS, "thuiszitter", "opschalen-8-weken", "2026-11-16", "fase-3b", "opschalen-4-weken", "open", "fase 3b: 4 weken aaneengesloten" },
  { "2026-11-23", OP_MEETING, "escalatietafel", "mwta", "2026-12-14", "fase-4", "opschalen-4-weken", "done", "bijlage 1: MWTA binnen 3 weken advies" },
  { "2026-11-24", OP_NA, "expertisetafel-vso", "mwta", "2026-12-14", "fase-4", "expertisetafel-vso", "not-applicable", "bijlage 1: alleen bij cluster 3/4" },
  { "2026-12-10", OP_LOG, "Advies MWTA ontvangen", "aanbod-drie-maanden", "2027-02-10", "fase-3b", "mwta", "done", "inleiding: niet langer dan 3 maanden" },
  { "2026-12-11", OP_LOG, "Regisseur sociaal domein ingeschakeld", "aanbod-drie-maanden", "2027-02-10", "fase-3b", "doorbraaktafel", "open", "bijlage 1: doorbraaktafel via de regisseur" },
  { "2027-02-11", OP_CHECK, NULL, "aanbod-drie-maanden", "2027-02-10", "fase-3b", "aanbod-drie-maanden", "overdue", "inleiding: 3 maanden verstreken" },
  { "2027-02-15", OP_STATUS, "afgesloten", "afspraken-vastleggen", NULL, "afronding", "plaatsingstafel", "not-applicable", "fase 3a: afspraken vastleggen" },
  { "2027-02-16", OP_LOG, "Afspraken vastgelegd in het LVS", NULL, NULL, "afronding", "afspraken-vastleggen", "done", "fase 3a" },
  { NULL }
};

static const Row zhw_met_stops[] = {
  { "2026-09-07", OP_OPEN, "signalering", "signalen-bespreken", "2026-09-21", "fase-2", "signalen-bespreken", "open", "fase 2" },
  { "2026-09-09", OP_LOG, "Gesprek met ouders", "jes", "2026-09-21", "fase-2", "signalen-bespreken", "done", "fase 2 §4" },
  { "2026-09-14", OP_STATUS, "afgesloten", "afspraken-vastleggen", NULL, "afronding", "jes", "not-applicable", "fase 3a: verzuim stopt" },
  { "2026-09-15", OP_LOG, "Afspraken vastgelegd", NULL, NULL, "afronding", "afspraken-vastleggen", "done", "fase 3a" },
  { NULL }
};

/* ZHW zonder schoolinschrijving (absoluut verzuim), seed 003 route 2. */
static const Row zhw_zonder_walk[] = {
  { "2026-09-07", OP_OPEN, "absoluut-verzuim", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "aanmelden-school", "open", "inleiding: 3 maanden" },
  { "2026-09-08", OP_NA, "aanmelden-isk", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "aanmelden-isk", "not-applicable", "route 2: geen nieuwkomer" },
  { "2026-09-10", OP_LOG, "Aanmelding school ontvangen", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "onderzoek-school", "open", "route 2: zorgplicht gaat in" },
  { "2026-09-15", OP_DONE, "advies-swv", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "advies-swv", "done", "route 2: SWV adviseert" },
  { "2026-10-05", OP_LOG, "Besluit toelating: geen plek", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "inschrijving", "open", "route 2" },
  { "2026-12-01", OP_CHECK, NULL, "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "aanbod-drie-maanden", "overdue", "inleiding" },
  { "2026-12-07", OP_LOG, "Ingeschreven bij SO", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "inschrijving", "done", "route 2: geen absoluut verzuim meer" },
  { "2026-12-07", OP_STATUS, "afgesloten", "afspraken-vastleggen", NULL, "afronding", "aanbod-drie-maanden", "done", "afronding" },
  { "2026-12-08", OP_LOG, "Afspraken vastgelegd", NULL, NULL, "afronding", "afspraken-vastleggen", "done", "fase 3a" },
  { NULL }
};

static const Row zhw_zonder_stops[] = {
  { "2026-09-07", OP_OPEN, "absoluut-verzuim", "aanbod-drie-maanden", "2026-11-30", "zorgplicht", "aanmelden-isk", "open", "route 2" },
  { "2026-09-09", OP_STATUS, "afgesloten", "afspraken-vastleggen", NULL, "afronding", "aanmelden-school", "not-applicable", "leerling verhuisd" },
  { "2026-09-10", OP_LOG, "Afspraken vastgelegd", NULL, NULL, "afronding", "afspraken-vastleggen", "done", "afronding" },
  { NULL }
};

/* ZHW ziekteverzuim, seed 003 route 1 (fase 2 §4, fase 3b). */
static const Row zhw_ziek_walk[] = {
  { "2026-09-07", OP_OPEN, "signalering", "gesprek-ziekteverzuim", "2026-09-21", "fase-2", "jes", "open", "fase 2: 2 weken" },
  { "2026-09-09", OP_LOG, "Gesprek met ouders over ziekte", "jes", "2026-09-21", "fase-2", "advies-jgz", "open", "fase 2 §4" },
  { "2026-09-16", OP_LOG, "Advies JGZ gevraagd", "jes", "2026-09-21", "fase-2", "verzuimbegeleiding-jgz", "open", "fase 2 §4: aanvraag verzuimbegeleiding" },
  { "2026-09-18", OP_EXPORT, "jeugdarts-aanmelding", "jes", "2026-09-21", "fase-2", "verzuimbegeleiding-jgz", "done", "fase 2 §4" },
  { "2026-09-22", OP_CHECK, NULL, "jes", "2026-09-21", "fase-2", "jes", "overdue", "fase 2 §6" },
  { "2026-09-24", OP_MEETING, "jes", NULL, NULL, "fase-2", "jes", "done", "fase 2 §6" },
  { "2026-10-05", OP_STATUS, "dreigend", "opschalen-8-weken", "2026-11-30", "fase-3b", "opschalen-8-weken", "open", "fase 3b: ziekte, 8 weken" },
  { "2026-11-30", OP_CHECK, NULL, "opschalen-8-weken", "2026-11-30", "fase-3b", "opschalen-8-weken", "open", "fase 3b: vandaag" },
  { "2026-12-01", OP_CHECK, NULL, "opschalen-8-weken", "2026-11-30", "fase-3b", "opschalen-8-weken", "overdue", "fase 3b" },
  { "2026-12-02", OP_MEETING, "escalatietafel", NULL, NULL, "fase-3b", "opschalen-8-weken", "done", "fase 3b: opgeschaald" },
  { "2026-12-07", OP_STATUS, "afgesloten", "afspraken-vastleggen", NULL, "afronding", "aanbod-drie-maanden", "not-applicable", "nooit thuiszitter geweest" },
  { "2026-12-08", OP_LOG, "Afspraken vastgelegd", NULL, NULL, "afronding", "afspraken-vastleggen", "done", "fase 3a" },
  { NULL }
};

/* VO 3006 aanwezigheidsprotocol, seed 004. */
static const Row vo_walk[] = {
  { "2026-09-07", OP_OPEN, "signalering", "ziekmelding-verwerken", "2026-09-07", "ziekmelding", "mentor-contact", "open", "ziekmelding: dezelfde dag" },
  { "2026-09-07", OP_LOG, "Ziekmelding verwerkt in het LVS", "mentor-contact", "2026-09-10", "drie-dagen", "ziekmelding-verwerken", "done", "≤3 dagen: binnen 3 werkdagen" },
  { "2026-09-11", OP_CHECK, NULL, "mentor-contact", "2026-09-10", "drie-dagen", "mentor-contact", "overdue", "≤3 dagen" },
  { "2026-09-11", OP_LOG, "Telefonisch contact met ouders", NULL, NULL, "drie-dagen", "mentor-contact", "done", "≤3 dagen" },
  { "2026-09-17", OP_SIGNAL, "sick-7d", "verzuimgesprek-7d", NULL, "zeven-dagen", "verzuimgesprek-4x", "waiting", "> 7 dagen ziek" },
  { "2026-09-21", OP_MEETING, "verzuimgesprek", "triage", NULL, "triage", "verzuimgesprek-7d", "done", "na verzuimgesprek: triage" },
  { "2026-09-23", OP_LOG, "Triage: jeugdarts en MDO", "mdo-uitnodigen", "2026-10-07", "na-triage", "aanmelding-jeugdarts", "open", "MDO: uitnodigen binnen 2 weken" },
  { "2026-09-24", OP_NA, "melding-leerplicht", "mdo-uitnodigen", "2026-10-07", "na-triage", "melding-leerplicht", "not-applicable", "geen ongeoorloofd verzuim" },
  { "2026-09-25", OP_EXPORT, "jeugdarts-aanmelding", "mdo-uitnodigen", "2026-10-07", "na-triage", "aanmelding-jeugdarts", "done", "bijlage E" },
  { "2026-10-02", OP_EXPORT, "mdo-uitnodiging", "afspraak-jeugdarts", "2026-10-09", "na-triage", "mdo", "open", "GGD: afspraak binnen 2 weken" },
  { "2026-10-08", OP_LOG, "Afspraak jeugdarts op 14 oktober", "advies-jeugdarts", "2026-10-15", "na-triage", "afspraak-jeugdarts", "done", "advies binnen 5 werkdagen" },
  { "2026-10-16", OP_CHECK, NULL, "advies-jeugdarts", "2026-10-15", "na-triage", "advies-jeugdarts", "overdue", "5 werkdagen verstreken" },
  { "2026-10-16", OP_LOG, "Advies jeugdarts ontvangen", "mdo", NULL, "na-triage", "advies-jeugdarts", "done", "MDO staat nog open" },
  { "2026-10-28", OP_MEETING, "mdo", "mdo-verslag", "2026-11-04", "na-triage", "mdo", "done", "binnen 5 werkdagen na het MDO" },
  { "2026-11-04", OP_LOG, "Verslag MDO gedeeld", NULL, NULL, "na-triage", "mdo-verslag", "done", "bijlage H" },
  { "2026-11-09", OP_STATUS, "thuiszitter", "thuiszitter-plan", NULL, "vervolg", "thuiszitter-plan", "open", "4 weken aaneengesloten afwezig" },
  { "2026-11-20", OP_MEETING, "mdo", NULL, NULL, "vervolg", "thuiszitter-plan", "done", "plan van actie thuiszitters in MDO" },
  { "2026-12-01", OP_STATUS, "afgesloten", "betrokkenheid-stopt", NULL, "vervolg", "verzuimgesprek-4x", "not-applicable", "bijlage G/H" },
  { "2026-12-02", OP_LOG, "Afsluiting bevestigd aan alle partijen", NULL, NULL, "vervolg", "betrokkenheid-stopt", "done", "bijlage G/H" },
  { NULL }
};

static const Row vo_stops[] = {
  { "2026-09-07", OP_OPEN, "signalering", "ziekmelding-verwerken", "2026-09-07", "ziekmelding", "ziekmelding-verwerken", "open", "ziekmelding" },
  { "2026-09-07", OP_LOG, "Ziekmelding verwerkt", "mentor-contact", "2026-09-10", "drie-dagen", "mentor-contact", "open", "≤3 dagen" },
  { "2026-09-08", OP_LOG, "Telefonisch contact met leerling", NULL, NULL, "drie-dagen", "verzuimgesprek-7d", "waiting", "≤3 dagen" },
  { "2026-09-10", OP_STATUS, "afgesloten", "betrokkenheid-stopt", NULL, "vervolg", "verzuimgesprek-7d", "not-applicable", "beter gemeld: afgesloten" },
  { "2026-09-11", OP_LOG, "Afsluiting bevestigd", NULL, NULL, "vervolg", "betrokkenheid-stopt", "done", "bijlage G" },
  { NULL }
};

typedef struct
{
  char *dir;
  RbDatabase *db;
  RbCalendar *calendar;
  GPtrArray *signals;
} Fixture;

static void
fixture_set_up (Fixture *f, const char *school_type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = rb_test_make_dir ();
  path = g_build_filename (f->dir, "route.rbk", NULL);
  f->db = rb_database_create (path, "SWV Route", school_type, "midden", &error);
  g_assert_no_error (error);
  rb_database_set_clock (f->db, rb_test_fixed_clock, NULL);
  f->calendar = rb_calendar_new_from_database (f->db, &error);
  g_assert_no_error (error);
  f->signals = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_signal_free);
}

static void
fixture_tear_down (Fixture *f)
{
  g_ptr_array_unref (f->signals);
  g_object_unref (f->calendar);
  rb_database_close (f->db);
  g_object_unref (f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
assert_unchanged (Fixture *f, const char *checksum)
{
  g_autofree char *now = rb_test_database_checksum (f->db);

  g_assert_cmpstr (now, ==, checksum);
}

static RbChecklist *
checklist_on (Fixture *f, const char *case_uuid, const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRouteRun) run = NULL;
  RbChecklist *checklist;
  GDate today;

  g_assert_true (rb_date_parse (day, &today, NULL));
  run = rb_route_run_new (f->db, f->calendar, &today, &error);
  g_assert_no_error (error);
  checklist = rb_route_run_compute (run, case_uuid, f->signals, &error);
  g_assert_no_error (error);
  return checklist;
}

static void
add_signal (Fixture *f, const char *code, const char *day)
{
  RbSignal *signal = g_new0 (RbSignal, 1);

  signal->code = g_strdup (code);
  g_assert_true (rb_date_parse (day, &signal->first_fired, NULL));
  signal->window_start = signal->first_fired;
  signal->evidence = g_new0 (char *, 1);
  g_ptr_array_add (f->signals, signal);
}

static RbRecord *
open_case (Fixture *f, const char *preset, const char *status, const char *day)
{
  g_autoptr(RbRecord) pupil = rb_test_save_new (f->db, "pupils", "first_name", "Sanne",
                                                "last_name", "Visser", "birth_date", "2015-03-02", "enrolled", "true",
                                                NULL);

  return rb_test_save_new (f->db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", status,
                           "opened_on", day, "route", preset, NULL);
}

static void
apply_row (Fixture *f, RbRecord **case_record, const char *preset, const Row *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) saved = NULL;
  g_autofree char *stamp = g_strconcat (row->today, "T10:00:00Z", NULL);
  const char *uuid = *case_record != NULL ? rb_record_get_uuid (*case_record) : NULL;

  switch (row->op)
    {
    case OP_OPEN:
      *case_record = open_case (f, preset, row->arg, row->today);
      break;
    case OP_CHECK:
      break;
    case OP_LOG:
      saved = rb_test_save_new (f->db, "log_entries", "case_uuid", uuid, "entry_date", row->today,
                                "author", "Regisseur", "action", row->arg, NULL);
      break;
    case OP_MEETING:
      saved = rb_test_save_new (f->db, "meetings", "case_uuid", uuid, "kind", row->arg,
                                "meeting_date", row->today, NULL);
      break;
    case OP_EXPORT:
      {
        g_autoptr(RbRecord) document = rb_test_save_new (f->db, "documents", "case_uuid", uuid,
                                                         "kind", row->arg, "version", "1",
                                                         "status", "draft", "content", "{}", NULL);

        saved = rb_test_save_new (f->db, "document_exports", "document_uuid",
                                  rb_record_get_uuid (document), "exported_at", stamp, NULL);
      }
      break;
    case OP_STATUS:
      rb_store_change_status (f->db, *case_record, row->arg, row->today, "Regisseur", NULL, &error);
      g_assert_no_error (error);
      break;
    case OP_PLACEMENT:
      {
        g_autoptr(RbRecord) location = rb_test_save_new (f->db, "bridge_locations", "name", "Brugplek",
                                                         "kind", row->arg, "capacity", "4", NULL);

        saved = rb_test_save_new (f->db, "placements", "case_uuid", uuid, "location_uuid",
                                  rb_record_get_uuid (location), "start_date", row->today, NULL);
      }
      break;
    case OP_SIGNAL:
      add_signal (f, row->arg, row->today);
      break;
    case OP_DONE:
      rb_route_mark_step (f->db, uuid, row->arg, RB_STEP_DONE, row->today, NULL, "Regisseur", &error);
      g_assert_no_error (error);
      break;
    case OP_NA:
      rb_route_mark_step (f->db, uuid, row->arg, RB_STEP_NOT_APPLICABLE, row->today, row->seed,
                          "Regisseur", &error);
      g_assert_no_error (error);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
check_row (RbChecklist *checklist, const Row *row)
{
  const RbStepItem *item = rb_checklist_find (checklist, row->step);
  g_autofree char *due = NULL;

  g_test_message ("%s %s: %s", row->today, row->arg != NULL ? row->arg : "", row->seed);
  EXPECT_STR (checklist->next != NULL ? checklist->next->step_id : NULL, row->next);
  if (checklist->next != NULL && g_date_valid (&checklist->next->due))
    due = rb_date_format (&checklist->next->due);
  EXPECT_STR (due, row->due);
  EXPECT_STR (checklist->phase_id, row->phase);
  g_assert_nonnull (item);
  EXPECT_STR (rb_step_state_to_string (item->state), row->state);
  if (item->state == RB_STEP_NOT_APPLICABLE)
    {
      g_assert_false (rb_str_is_blank (item->reason));
      n_assertions++;
    }
  if (item->state == RB_STEP_DONE)
    {
      g_assert_true (g_date_valid (&item->done));
      g_assert_nonnull (item->evidence);
      n_assertions++;
    }
}

static void
walk (const char *preset, const char *school_type, const Row *rows)
{
  Fixture f = { 0 };
  g_autoptr(RbRecord) case_record = NULL;

  fixture_set_up (&f, school_type);
  for (const Row *row = rows; row->today != NULL; row++)
    {
      g_autoptr(RbChecklist) checklist = NULL;

      apply_row (&f, &case_record, preset, row);
      checklist = checklist_on (&f, rb_record_get_uuid (case_record), row->today);
      EXPECT_STR (checklist->route->code, preset);
      check_row (checklist, row);
    }
  fixture_tear_down (&f);
}

/* Each preset: the walk that escalates, the one that stops early, and at least 40 checks. */
static void
test_walk (gconstpointer data)
{
  const Walk *walks = data;

  n_assertions = 0;
  for (const Walk *w = walks; w->preset != NULL; w++)
    walk (w->preset, w->school_type, w->rows);
  g_test_message ("%u assertions", n_assertions);
  g_assert_cmpuint (n_assertions, >=, 40);
}

static const Walk po_kernteam_walks[] = {
  { "po-drechtsteden-kernteam", "PO", po_kernteam_escalates },
  { "po-drechtsteden-kernteam", "PO", po_kernteam_stops },
  { NULL }
};
static const Walk po_zonder_walks[] = {
  { "po-drechtsteden-zonder-kernteam", "PO", po_zonder_escalates },
  { "po-drechtsteden-zonder-kernteam", "PO", po_zonder_stops },
  { NULL }
};
static const Walk zhw_met_walks[] = {
  { "zhw-met-inschrijving", "VO", zhw_met_escalates },
  { "zhw-met-inschrijving", "PO", zhw_met_stops },
  { NULL }
};
static const Walk zhw_zonder_walks[] = {
  { "zhw-zonder-inschrijving", "VO", zhw_zonder_walk },
  { "zhw-zonder-inschrijving", "PO", zhw_zonder_stops },
  { NULL }
};
static const Walk zhw_ziek_walks[] = {
  { "zhw-ziekteverzuim", "PO", zhw_ziek_walk },
  { NULL }
};
static const Walk vo_walks[] = {
  { "vo-3006-aanwezigheid", "VO", vo_walk },
  { "vo-3006-aanwezigheid", "VO", vo_stops },
  { NULL }
};

/* Every preset parses, cites its seed at every step and survives a JSON round trip. */
static void
test_presets (void)
{
  g_auto(GStrv) codes = rb_route_list_presets ();

  g_assert_cmpuint (g_strv_length (codes), ==, 6);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RbRoute) route = rb_route_load_preset (codes[i], &error);
      g_autoptr(RbRoute) again = NULL;
      g_autofree char *data = NULL;
      g_autofree char *data_again = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (route->code, ==, codes[i]);
      for (guint s = 0; s < route->steps->len; s++)
        {
          const RbRouteStep *step = g_ptr_array_index (route->steps, s);

          g_assert_true (g_str_has_prefix (step->source, "Seed 00"));
          g_assert_nonnull (step->description);
          g_assert_nonnull (step->role);
        }
      data = rb_route_to_data (route);
      again = rb_route_new_from_data (data, -1, &error);
      g_assert_no_error (error);
      data_again = rb_route_to_data (again);
      g_assert_cmpstr (data, ==, data_again);
    }
}

/* A new database gets the routes of its kind; PO and VO default differently. */
static void
test_defaults (void)
{
  static const struct { const char *type; const char *default_code; guint n_routes; } kinds[] = {
    { "PO", "po-drechtsteden-kernteam", 5 },
    { "VO", "vo-3006-aanwezigheid", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) routes = NULL;
      g_autofree char *code = NULL;

      fixture_set_up (&f, kinds[i].type);
      routes = rb_route_list_stored (f.db, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (routes->len, ==, kinds[i].n_routes);
      code = rb_route_dup_default_code (f.db, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, kinds[i].default_code);
      fixture_tear_down (&f);
    }
}

/* A database made before routes were data gets the shipped routes on first use. */
static void
test_older_database (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  g_autoptr(RbChecklist) checklist = NULL;

  fixture_set_up (&f, "PO");
  item = open_case (&f, NULL, "signalering", "2026-09-07");
  g_assert_true (rb_database_exec (f.db, "DELETE FROM routes", &error));
  g_assert_no_error (error);
  g_assert_cmpint (rb_store_count (f.db, rb_schema_lookup_table ("routes"), NULL), ==, 0);
  checklist = checklist_on (&f, rb_record_get_uuid (item), "2026-09-08");
  g_assert_cmpstr (checklist->route->code, ==, "po-drechtsteden-kernteam");
  g_assert_cmpstr (checklist->next->step_id, ==, "bespreken-ouders");
  routes = rb_route_list_stored (f.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (routes->len, ==, 5);
  fixture_tear_down (&f);
}

static JsonObject *
find_step_object (JsonObject *root, const char *id, JsonArray **steps_out, guint *index)
{
  JsonArray *phases = json_object_get_array_member (root, "phases");

  for (guint p = 0; p < json_array_get_length (phases); p++)
    {
      JsonArray *steps = json_object_get_array_member (json_array_get_object_element (phases, p),
                                                       "steps");

      for (guint s = 0; s < json_array_get_length (steps); s++)
        {
          JsonObject *step = json_array_get_object_element (steps, s);

          if (g_strcmp0 (json_object_get_string_member (step, "id"), id) == 0)
            {
              *steps_out = steps;
              *index = s;
              return step;
            }
        }
    }
  g_assert_not_reached ();
}

/* In a PO Drechtsteden route's JSON: step "escalatie-ot" gone, and in its phase a step
 * "nieuw" ("Nieuwe stap"), due 5 working days after the case became threatening. */
static void
replace_escalation (JsonObject *root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *steps;
  guint index;

  find_step_object (root, "escalatie-ot", &steps, &index);
  json_array_remove_element (steps, index);
  g_assert_true (json_parser_load_from_data (
      parser,
      "{\"id\": \"nieuw\", \"title\": \"Nieuwe stap\", \"role\": \"regisseur SWV\","
      " \"trigger\": {\"on\": \"status\", \"status\": \"dreigend\"},"
      " \"deadline\": {\"count\": 5, \"unit\": \"werkdagen\"}, \"source\": \"SWV\"}",
      -1, NULL));
  json_array_add_element (steps, json_node_copy (json_parser_get_root (parser)));
}

/* Editing a route: open cases see a new step; a removed step stays with the cases that did
 * it, dated, and disappears for the cases that did not. */
static void
test_edit_route (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) did = NULL;
  g_autoptr(RbRecord) did_not = NULL;
  g_autoptr(RbRecord) meeting = NULL;
  g_autoptr(RbRoute) route = NULL;
  g_autoptr(RbRoute) edited = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RbChecklist) before = NULL;
  g_autoptr(RbChecklist) after_did = NULL;
  g_autoptr(RbChecklist) after_did_not = NULL;
  const RbStepItem *item;

  fixture_set_up (&f, "PO");
  did = open_case (&f, "po-drechtsteden-kernteam", "signalering", "2026-09-07");
  did_not = open_case (&f, "po-drechtsteden-kernteam", "signalering", "2026-09-07");
  rb_store_change_status (f.db, did, "dreigend", "2026-09-08", NULL, NULL, &error);
  g_assert_no_error (error);
  rb_store_change_status (f.db, did_not, "dreigend", "2026-09-08", NULL, NULL, &error);
  g_assert_no_error (error);
  meeting = rb_test_save_new (f.db, "meetings", "case_uuid", rb_record_get_uuid (did), "kind",
                              "ot-breed", "meeting_date", "2026-09-10", NULL);
  before = checklist_on (&f, rb_record_get_uuid (did), "2026-09-14");
  g_assert_cmpint (rb_checklist_find (before, "escalatie-ot")->state, ==, RB_STEP_DONE);
  g_assert_null (rb_checklist_find (before, "nieuw"));

  /* Remove "escalatie-ot" and add a step due 5 working days after the escalation. */
  route = rb_route_load_stored (f.db, "po-drechtsteden-kernteam", &error);
  g_assert_no_error (error);
  root = rb_route_to_json (route);
  replace_escalation (json_node_get_object (root));
  edited = rb_route_new_from_json (root, &error);
  g_assert_no_error (error);
  rb_route_save (f.db, edited, FALSE, &error);
  g_assert_no_error (error);

  after_did = checklist_on (&f, rb_record_get_uuid (did), "2026-09-14");
  after_did_not = checklist_on (&f, rb_record_get_uuid (did_not), "2026-09-14");
  item = rb_checklist_find (after_did_not, "nieuw");
  g_assert_nonnull (item);
  g_assert_cmpint (item->state, ==, RB_STEP_OPEN);
  g_assert_cmpuint (g_date_get_day (&item->due), ==, 15);
  g_assert_nonnull (rb_checklist_find (after_did, "nieuw"));
  item = rb_checklist_find (after_did, "escalatie-ot");
  g_assert_nonnull (item);
  g_assert_true (item->removed);
  g_assert_cmpint (item->state, ==, RB_STEP_DONE);
  g_assert_cmpuint (g_date_get_day (&item->done), ==, 10);
  g_assert_cmpstr (item->title, ==, "Zorgwekkende situatie opnieuw met ouders bespreken (OT)");
  g_assert_null (rb_checklist_find (after_did_not, "escalatie-ot"));
  g_assert_cmpuint (after_did->items->len, ==, before->items->len + 1);
  fixture_tear_down (&f);
}

/* Changing the route of a case is logged in its logbook. */
static void
test_change_case_route (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(RbChecklist) checklist = NULL;
  g_autofree char *checksum = NULL;
  RbRecord *entry;

  fixture_set_up (&f, "PO");
  item = open_case (&f, "zhw-zonder-inschrijving", "absoluut-verzuim", "2026-09-07");
  checksum = rb_test_database_checksum (f.db);
  g_assert_false (rb_route_set_case_route (f.db, item, "bestaat-niet", "2026-09-20", "Regisseur",
                                           &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (&f, checksum);
  g_assert_cmpstr (rb_record_get_string (item, "route"), ==, "zhw-zonder-inschrijving");

  g_assert_true (rb_route_set_case_route (f.db, item, "zhw-met-inschrijving", "2026-09-20",
                                          "Regisseur", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (item, "route"), ==, "zhw-met-inschrijving");
  entries = rb_store_list (f.db, rb_schema_lookup_table ("log_entries"), "case_uuid",
                           rb_record_get_uuid (item), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (rb_record_get_string (entry, "action"), ==, "Route changed");
  g_assert_cmpstr (rb_record_get_string (entry, "body"), ==,
                   "From “ZHW — zonder schoolinschrijving” to “ZHW — met schoolinschrijving”");
  checklist = checklist_on (&f, rb_record_get_uuid (item), "2026-09-21");
  g_assert_cmpstr (checklist->route->code, ==, "zhw-met-inschrijving");
  fixture_tear_down (&f);
}

typedef struct
{
  const char *what;
  const char *json;
  int code;
  const char *message_part;
} BadRoute;

#define STEP(id, trigger) "{\"id\": \"" id "\", \"title\": \"T\", \"role\": \"R\", \"trigger\": " trigger "}"
#define ROUTE(steps) "{\"format\": 1, \"code\": \"bad\", \"name\": \"Bad\", \"phases\": [{\"id\": \"p\"," \
                     " \"title\": \"P\", \"steps\": [" steps "]}]}"

static const BadRoute bad_routes[] = {
  { "cycle", ROUTE (STEP ("a", "{\"on\": \"step\", \"step\": \"b\"}") ","
                    STEP ("b", "{\"on\": \"step\", \"step\": \"c\"}") ","
                    STEP ("c", "{\"on\": \"step\", \"step\": \"a\"}")),
    RB_ERROR_INVALID, "cycle: a → b → c → a" },
  { "unknown step", ROUTE (STEP ("a", "{\"on\": \"step\", \"step\": \"zz\"}")), RB_ERROR_INVALID,
    "“zz”, which the route does not have" },
  { "unknown trigger", ROUTE (STEP ("a", "{\"on\": \"moon\"}")), RB_ERROR_INVALID, "trigger must be" },
  { "empty", ROUTE (""), RB_ERROR_INVALID, "has no steps" },
  { "no phases", "{\"format\": 1, \"code\": \"bad\", \"name\": \"Bad\"}", RB_ERROR_INVALID, "has no steps" },
  { "newer", "{\"format\": 2, \"code\": \"bad\", \"name\": \"Bad\", \"phases\": []}",
    RB_ERROR_NEWER_VERSION, "newer version of Routeboek (format 2)" },
  { "unknown status", ROUTE (STEP ("a", "{\"on\": \"status\", \"status\": \"ziek\"}")), RB_ERROR_INVALID,
    "“ziek” is not a case status" },
  { "unknown meeting", ROUTE (STEP ("a", "{\"on\": \"meeting\", \"meeting\": \"feest\"}")),
    RB_ERROR_INVALID, "“feest” is not a kind of meeting" },
  { "duplicate", ROUTE (STEP ("a", "{\"on\": \"case-created\"}") "," STEP ("a", "{\"on\": \"case-created\"}")),
    RB_ERROR_INVALID, "Two steps have the id “a”" },
  { "bad unit", ROUTE ("{\"id\": \"a\", \"title\": \"T\", \"role\": \"R\", \"trigger\": {\"on\": \"case-created\"},"
                       " \"deadline\": {\"count\": 3, \"unit\": \"maanden\"}}"),
    RB_ERROR_INVALID, "unit of its deadline" },
  { "bad document", ROUTE ("{\"id\": \"a\", \"title\": \"T\", \"role\": \"R\", \"trigger\": {\"on\": \"case-created\"},"
                           " \"document\": \"geheim\"}"),
    RB_ERROR_INVALID, "“geheim” is not a kind of document" },
  { "no role", ROUTE ("{\"id\": \"a\", \"title\": \"T\", \"trigger\": {\"on\": \"case-created\"}}"),
    RB_ERROR_INVALID, "needs a title and a responsible role" },
  { "not JSON", "{\"format\": 1,", RB_ERROR_INVALID, "not valid JSON" },
};

/* Bad routes are refused with a message that names the problem; nothing is saved. */
static void
test_bad_routes (void)
{
  Fixture f = { 0 };
  g_autofree char *checksum = NULL;

  fixture_set_up (&f, "PO");
  checksum = rb_test_database_checksum (f.db);
  for (guint i = 0; i < G_N_ELEMENTS (bad_routes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RbRoute) route = rb_route_new_from_data (bad_routes[i].json, -1, &error);

      g_test_message ("%s: %s", bad_routes[i].what, error != NULL ? error->message : "accepted");
      g_assert_null (route);
      g_assert_error (error, RB_ERROR, bad_routes[i].code);
      g_assert_nonnull (strstr (error->message, bad_routes[i].message_part));
    }
  assert_unchanged (&f, checksum);
  fixture_tear_down (&f);
}

/* Marks by hand: not applicable needs a reason; unknown steps are refused; undo restores. */
static void
test_marks (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbChecklist) marked = NULL;
  g_autoptr(RbChecklist) unmarked = NULL;
  g_autofree char *checksum = NULL;
  const char *uuid;

  fixture_set_up (&f, "PO");
  item = open_case (&f, NULL, "signalering", "2026-09-07");
  uuid = rb_record_get_uuid (item);
  checksum = rb_test_database_checksum (f.db);
  g_assert_false (rb_route_mark_step (f.db, uuid, "bespreken-ouders", RB_STEP_NOT_APPLICABLE,
                                      "2026-09-08", "  ", NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_route_mark_step (f.db, uuid, "geen-stap", RB_STEP_DONE, "2026-09-08", NULL,
                                      NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_route_mark_step (f.db, uuid, "bespreken-ouders", RB_STEP_DONE, "8-9-2026",
                                      NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_unchanged (&f, checksum);

  /* A case without a route follows the default one. */
  g_assert_true (rb_route_mark_step (f.db, uuid, "bespreken-ouders", RB_STEP_NOT_APPLICABLE,
                                     "2026-09-08", "Ouders al gesproken in juni", "Regisseur",
                                     &error));
  g_assert_no_error (error);
  marked = checklist_on (&f, uuid, "2026-09-09");
  g_assert_cmpstr (marked->route->code, ==, "po-drechtsteden-kernteam");
  g_assert_cmpint (rb_checklist_find (marked, "bespreken-ouders")->state, ==, RB_STEP_NOT_APPLICABLE);
  g_assert_cmpstr (rb_checklist_find (marked, "bespreken-ouders")->reason, ==,
                   "Ouders al gesproken in juni");
  g_assert_null (marked->next);
  g_assert_true (rb_route_unmark_step (f.db, uuid, "bespreken-ouders", &error));
  g_assert_no_error (error);
  unmarked = checklist_on (&f, uuid, "2026-09-09");
  g_assert_cmpstr (unmarked->next->step_id, ==, "bespreken-ouders");
  g_assert_false (rb_route_unmark_step (f.db, uuid, "bespreken-ouders", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  fixture_tear_down (&f);
}

/* The signal trigger also works from absences recorded in the database (no list given). */
static void
test_real_signal (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRouteRun) run = NULL;
  g_autoptr(RbChecklist) checklist = NULL;
  const char *days[] = { "2026-09-07", "2026-09-08", "2026-09-09", "2026-09-10" };
  const RbStepItem *step;
  GDate today;

  fixture_set_up (&f, "PO");
  item = open_case (&f, "po-drechtsteden-kernteam", "signalering", "2026-09-07");
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    g_object_unref (rb_test_save_new (f.db, "absences", "pupil_uuid",
                                      rb_record_get_string (item, "pupil_uuid"), "absence_date",
                                      days[i], "kind", "UNAUTHORIZED", "hours", "4", NULL));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 14, 9, 2026);
  run = rb_route_run_new (f.db, f.calendar, &today, &error);
  g_assert_no_error (error);
  checklist = rb_route_run_compute (run, rb_record_get_uuid (item), NULL, &error);
  g_assert_no_error (error);
  step = rb_checklist_find (checklist, "melden-duo");
  g_assert_cmpint (step->state, ==, RB_STEP_OPEN);
  g_assert_cmpuint (g_date_get_day (&step->triggered), ==, 10);
  fixture_tear_down (&f);
}

/* routeboek-cli in the fixture's folder; returns its exit status, standard output in @out. */
static int
run_cli (Fixture *f, char **out, char **err, ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *db_path = g_build_filename (f->dir, "route.rbk", NULL);
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status;
  va_list args;

  g_assert_nonnull (g_getenv ("ROUTEBOEK_CLI"));
  g_strv_builder_add_many (builder, g_getenv ("ROUTEBOEK_CLI"), "--db", db_path, NULL);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  env = g_environ_setenv (g_steal_pointer (&env), "ROUTEBOEK_DATA_DIR", f->dir, TRUE);
  env = g_environ_setenv (g_steal_pointer (&env), "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (f->dir, argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

/* The CLI: a case's checklist as JSON; routes exported, refused when bad, imported. */
static void
test_cli (void)
{
  Fixture f = { 0 };
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *db_sum = NULL;
  g_autofree char *db_sum_after = NULL;
  g_autofree char *data = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *bad_path = NULL;
  JsonObject *root;

  fixture_set_up (&f, "VO");
  item = open_case (&f, "vo-3006-aanwezigheid", "signalering", "2026-09-07");
  rb_database_close (f.db);

  g_assert_cmpint (run_cli (&f, &out, NULL, "route", "--case", rb_record_get_uuid (item),
                            "--today", "2026-09-08", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "route"), ==, "vo-3006-aanwezigheid");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "next"),
                                                  "step"), ==, "ziekmelding-verwerken");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "next"),
                                                  "state"), ==, "overdue");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "steps")), ==, 16);

  exported = g_build_filename (f.dir, "route.json", NULL);
  g_assert_cmpint (run_cli (&f, NULL, NULL, "routes", "--export", "vo-3006-aanwezigheid", exported,
                            NULL), ==, 0);
  g_assert_true (g_file_get_contents (exported, &data, NULL, NULL));
  bad = g_strdup (data);
  /* A newer format: refused, nothing saved. */
  memcpy (strstr (bad, "\"format\" : 1") + strlen ("\"format\" : "), "9", 1);
  bad_path = g_build_filename (f.dir, "bad.json", NULL);
  g_assert_true (g_file_set_contents (bad_path, bad, -1, NULL));
  db_sum = rb_test_file_checksum (rb_database_get_path (f.db));
  g_assert_cmpint (run_cli (&f, NULL, &err, "routes", "--import", bad_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "newer version of Routeboek (format 9)"));
  db_sum_after = rb_test_file_checksum (rb_database_get_path (f.db));
  g_assert_cmpstr (db_sum_after, ==, db_sum);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&f, &out, NULL, "routes", "--import", exported, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "saved with 16 steps"));
  g_object_unref (f.calendar);
  g_object_unref (f.db);
  g_ptr_array_unref (f.signals);
  rb_test_remove_dir (f.dir);
  g_free (f.dir);
}

/* Two versions of a route, as the conflict view shows them: what one has more, lacks and
 * has otherwise, by the steps' titles; the same steps say so; no route gives nothing. */
static void
test_describe_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRoute) route = rb_route_load_preset ("po-drechtsteden-kernteam", &error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RbRoute) edited = NULL;
  g_autofree char *original = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *same = NULL;
  g_autofree char *forward = NULL;
  g_autofree char *back = NULL;
  g_autofree char *expected = NULL;
  JsonObject *step;
  JsonArray *steps;
  guint index;

  g_assert_no_error (error);
  original = rb_route_to_data (route);
  root = rb_route_to_json (route);
  replace_escalation (json_node_get_object (root));
  step = find_step_object (json_node_get_object (root), "melden-duo", &steps, &index);
  json_object_set_string_member (step, "title", "Melden bij leerplicht");
  edited = rb_route_new_from_json (root, &error);
  g_assert_no_error (error);
  changed = rb_route_to_data (edited);

  same = rb_route_describe_version (original, original);
  expected = g_strdup_printf ("“%s”: %u steps in %u phases. The same steps as the other version.",
                              route->name, route->steps->len, route->phases->len);
  g_assert_cmpstr (same, ==, expected);

  forward = rb_route_describe_version (changed, original);
  g_assert_nonnull (strstr (forward, "Compared with the other version, it has “Nieuwe stap” more; "
                                     "lacks “Zorgwekkende situatie opnieuw met ouders bespreken "
                                     "(OT)”; has “Melden bij leerplicht” otherwise."));
  back = rb_route_describe_version (original, changed);
  g_assert_nonnull (strstr (back, "it has “Zorgwekkende situatie opnieuw met ouders bespreken "
                                  "(OT)” more; lacks “Nieuwe stap”; has"));

  g_assert_null (rb_route_describe_version ("{ geen route", original));
}

/* Whether two checklists of a case say the same: every step's state and days, and the
 * next step. */
static void
assert_same_checklist (const RbChecklist *a, const RbChecklist *b)
{
  g_assert_cmpstr (a->case_uuid, ==, b->case_uuid);
  g_assert_cmpuint (a->items->len, ==, b->items->len);
  for (guint i = 0; i < a->items->len; i++)
    {
      const RbStepItem *x = g_ptr_array_index (a->items, i);
      const RbStepItem *y = g_ptr_array_index (b->items, i);

      g_assert_cmpstr (x->step_id, ==, y->step_id);
      g_assert_cmpint (x->state, ==, y->state);
      g_assert_cmpint (g_date_valid (&x->due), ==, g_date_valid (&y->due));
      if (g_date_valid (&x->due))
        g_assert_cmpint (g_date_compare (&x->due, &y->due), ==, 0);
      g_assert_cmpint (g_date_valid (&x->done), ==, g_date_valid (&y->done));
    }
  g_assert_cmpstr (a->next != NULL ? a->next->step_id : NULL, ==,
                   b->next != NULL ? b->next->step_id : NULL);
}

static RbChecklist *
compute (RbRouteRun *run, const char *case_uuid)
{
  g_autoptr(GError) error = NULL;
  RbChecklist *checklist = rb_route_run_compute (run, case_uuid, NULL, &error);

  g_assert_no_error (error);
  return checklist;
}

/* One case read by itself (rb_route_checklist_for_case(), rb_route_run_reload_case(), what
 * the dashboard does after each autosave) gives what reading every case gives. */
static void
test_one_case_alone (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(RbDatabase) db = rb_test_generate_swv (dir, "generated.db", 40, 7);
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbRouteRun) run = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  const char *changed = NULL, *other = NULL;
  const RbStepItem *marked = NULL;
  GDate today;

  calendar = rb_calendar_new_from_database (db, &error);
  g_assert_no_error (error);
  g_assert_true (rb_date_parse ("2026-11-23", &today, NULL));
  run = rb_route_run_new (db, calendar, &today, &error);
  g_assert_no_error (error);
  cases = rb_store_list_all (db, rb_schema_lookup_table ("cases"), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < cases->len; i++)
    {
      const char *uuid = rb_record_get_uuid (g_ptr_array_index (cases, i));
      g_autoptr(RbChecklist) all = compute (run, uuid);
      g_autoptr(RbChecklist) alone =
        rb_route_checklist_for_case (db, calendar, uuid, &today, &error);

      g_assert_no_error (error);
      assert_same_checklist (all, alone);
      if (changed == NULL && all->next != NULL)
        changed = uuid;
      else if (other == NULL && all->next != NULL)
        other = uuid;
    }
  g_assert_nonnull (changed);
  g_assert_nonnull (other);

  /* A step marked done: the run sees it once the case is read again. */
  {
    g_autoptr(RbChecklist) before = compute (run, changed);
    g_autoptr(RbChecklist) still = NULL;
    g_autoptr(RbChecklist) after = NULL;
    g_autoptr(RbChecklist) expected = NULL;
    g_autoptr(RbChecklist) other_before = compute (run, other);
    g_autoptr(RbChecklist) other_after = NULL;
    g_autoptr(RbRouteRun) fresh = NULL;

    marked = before->next;
    g_assert_true (rb_route_mark_step (db, changed, marked->step_id, RB_STEP_DONE, "2026-11-20",
                                       NULL, "Test", &error));
    g_assert_no_error (error);
    still = compute (run, changed);
    g_assert_cmpstr (still->next->step_id, ==, marked->step_id);

    g_assert_true (rb_route_run_reload_case (run, changed, &error));
    g_assert_no_error (error);
    after = compute (run, changed);
    g_assert_cmpint (rb_checklist_find (after, marked->step_id)->state, ==, RB_STEP_DONE);
    fresh = rb_route_run_new (db, calendar, &today, &error);
    g_assert_no_error (error);
    expected = compute (fresh, changed);
    assert_same_checklist (after, expected);
    other_after = compute (run, other);
    assert_same_checklist (other_before, other_after);
  }

  /* A deleted case is gone from the run once read again. */
  {
    g_autoptr(RbRecord) record = rb_store_get (db, rb_schema_lookup_table ("cases"), changed,
                                               &error);
    g_autoptr(RbChecklist) gone = NULL;

    g_assert_no_error (error);
    g_assert_true (rb_store_delete (db, record, &error));
    g_assert_no_error (error);
    g_assert_true (rb_route_run_reload_case (run, changed, &error));
    g_assert_no_error (error);
    gone = rb_route_run_compute (run, changed, NULL, &error);
    g_assert_null (gone);
    g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  }
  rb_database_close (db);
  rb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/route/presets", test_presets);
  g_test_add_func ("/route/defaults", test_defaults);
  g_test_add_data_func ("/route/walk/po-drechtsteden-kernteam", po_kernteam_walks, test_walk);
  g_test_add_data_func ("/route/walk/po-drechtsteden-zonder-kernteam", po_zonder_walks, test_walk);
  g_test_add_data_func ("/route/walk/zhw-met-inschrijving", zhw_met_walks, test_walk);
  g_test_add_data_func ("/route/walk/zhw-zonder-inschrijving", zhw_zonder_walks, test_walk);
  g_test_add_data_func ("/route/walk/zhw-ziekteverzuim", zhw_ziek_walks, test_walk);
  g_test_add_data_func ("/route/walk/vo-3006-aanwezigheid", vo_walks, test_walk);
  g_test_add_func ("/route/edit", test_edit_route);
  g_test_add_func ("/route/older-database", test_older_database);
  g_test_add_func ("/route/change-case-route", test_change_case_route);
  g_test_add_func ("/route/bad-input", test_bad_routes);
  g_test_add_func ("/route/marks", test_marks);
  g_test_add_func ("/route/real-signal", test_real_signal);
  g_test_add_func ("/route/cli", test_cli);
  g_test_add_func ("/route/one-case-alone", test_one_case_alone);
  g_test_add_func ("/route/describe-version", test_describe_version);
  return g_test_run ();
}
