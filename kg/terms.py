"""Vocabulary of SIKG (https://w3id.org/sikg/ontology#) as a closed namespace.

GENERATED from ontology/core.ttl by scripts/gen_terms.py (or `sikg build --terms`): do not edit.
Terms that are Python keywords are reached by item access, e.g. ``SIKG["for"]``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class SIKG(DefinedNamespace):
    """SIKG core vocabulary: classes, properties and the named individuals of core.ttl."""

    _fail = True

    # classes
    ActivePhysicalTherapy: URIRef  # Active, supervised, land-based exercise therapy.
    AquaticTherapy: URIRef  # Exercise therapy delivered in water.
    AxialSpondyloarthritis: URIRef  # Ankylosing spondylitis or non-radiographic axial spondyloarthritis; puts the patient on the inflammatory pathway.
    Biologic: URIRef  # A biological disease-modifying antirheumatic drug.
    BooleanFindingType: URIRef  # A finding whose value is true or false.
    COX2SelectiveNSAID: URIRef  # An NSAID selective for cyclo-oxygenase 2, preferred at high gastrointestinal risk.
    CapEffect: URIRef  # An effect that limits the positive level another rule gives (at most eligible) and never makes a therapy positive on its own.
    CardiovascularRiskCondition: URIRef  # A condition that calls for caution with JAK inhibitors (cardiovascular disease, venous thromboembolism, active cancer).
    Certainty: URIRef  # Quality of evidence in GRADE terms (high, moderate, low, very low), or not graded.
    Citation: URIRef  # A work the rules rest on: a guideline, a review, a drug label or the source summary. Title, authors, journal, year, DOI and PMID use Dublin Core and BIBO terms; a missing year or identifier is the explicit value none.
    Code: URIRef  # One code of one code system, bound to a catalog concept.
    CodePattern: URIRef  # A pattern over codes of one system (exact code, prefix X* or X.*, or range X-Y) that maps patient codes to a concept.
    CodeSystem: URIRef  # A terminology whose codes identify concepts (RxNorm, ATC, ICD-10-CM, SNOMED CT, CPT, HCPCS, LOINC, sikg).
    CodedFindingType: URIRef  # A finding whose value is one of a closed list of strings.
    Concept: URIRef  # A concept the rules reason about: a therapy, a condition or a finding type; catalog entries are individuals of its subclasses.
    Condition: URIRef  # A diagnosis or comorbidity concept the rules read; each concept is an individual matched from codes by the patterns it carries.
    ConditionRecord: URIRef  # A coded diagnosis or comorbidity recorded for a patient, with its status (active or history).
    ConditionStatus: URIRef  # Whether a condition is active or history.
    Contribution: URIRef  # One rule effect that applies to one therapy for one patient, contributing its status; the combination of contributions gives the therapy's status.
    CsDMARD: URIRef  # A conventional synthetic disease-modifying antirheumatic drug (sulfasalazine, methotrexate).
    DemyelinatingDisease: URIRef  # Multiple sclerosis, optic neuritis or another demyelinating disorder.
    DiagnosisRecord: URIRef  # A condition record given as one of the patient's diagnoses (the contract's diagnoses list).
    DiagnosticSIJointBlock: URIRef  # An image-guided anaesthetic SI joint injection whose purpose is to confirm the joint as the pain source.
    Direction: URIRef  # For or against.
    DoseAdequacy: URIRef  # Whether a drug was given at full or submaximal dose.
    DrugTherapy: URIRef  # A therapy given as a medicinal product, identified by its active ingredient.
    FailureOutcome: URIRef  # An outcome under which the therapy counts as failed (failure, primary-nonresponse, secondary-nonresponse, intolerance, nonunion).
    FindingRecord: URIRef  # A finding recorded for a patient with its value.
    FindingType: URIRef  # A kind of clinical finding with a value (imaging, laboratory, history), identified by a sikg code.
    GastrointestinalRiskCondition: URIRef  # A condition that raises the gastrointestinal risk of NSAIDs.
    GradingSystem: URIRef  # How a recommendation was graded (GRADE, EULAR levels of evidence, none).
    IL17Inhibitor: URIRef  # A biologic that inhibits interleukin 17.
    InflammationFinding: URIRef  # A finding that can decide the pathway (R0); listed as missing when it is not recorded and the pathway is undetermined.
    InflammatoryBowelDisease: URIRef  # Crohn's disease or ulcerative colitis.
    InjectionProcedure: URIRef  # A therapeutic injection into or around the sacroiliac joint (corticosteroid injection, prolotherapy).
    Intervention: URIRef  # An interventional pain procedure at the SI joint.
    JAKInhibitor: URIRef  # A Janus kinase inhibitor.
    MechanicalSIJointPain: URIRef  # SI joint pain or dysfunction without inflammatory disease.
    NSAID: URIRef  # A non-steroidal anti-inflammatory drug, first-line drug therapy for sacroiliitis.
    NonSelectiveNSAID: URIRef  # An NSAID inhibiting both COX-1 and COX-2.
    NumericFindingType: URIRef  # A finding whose value is a number within a stated range.
    OpenSIJointFusion: URIRef  # Open SI joint arthrodesis, reserved for revision, nonunion or aberrant anatomy.
    OtherCondition: URIRef  # A condition concept the rules read that belongs to none of the groupings above.
    Outcome: URIRef  # How a treatment episode ended or stands (ongoing, response, failure, primary or secondary nonresponse, intolerance, nonunion).
    PassivePhysicalTherapy: URIRef  # Passive modalities such as massage, ultrasound or heat.
    PathwayDependentTherapy: URIRef  # A therapy whose status depends on the patient's pathway (inflammatory or mechanical); when the pathway is undetermined such a therapy is unknown (R0).
    Patient: URIRef  # A person whose facts are evaluated; one named graph per patient.
    PatientState: URIRef  # A derived fact about a patient (pathway, NSAID failure established, TNFi not an option...) computed by a SPARQL query in queries/states from the patient graph and policy parameters.
    PercutaneousSIJointFusion: URIRef  # Minimally invasive (percutaneous) SI joint arthrodesis, the first-line surgery.
    PhysicalTherapy: URIRef  # Exercise or physical modalities delivered by a therapist.
    PolicyParameter: URIRef  # A threshold the rules read from the graph (policy graph) so that it can change without code changes.
    Prolotherapy: URIRef  # Injection of an irritant solution intended to stimulate ligament repair.
    RadiofrequencyAblation: URIRef  # Radiofrequency denervation of the nerves supplying the SI joint.
    Recommendation: URIRef  # A graded (or explicitly not graded) statement of one source that supports a rule: direction, strength, certainty, grading system, population and the therapy it is about.
    Record: URIRef  # One recorded fact about a patient: a condition, a finding or a treatment episode.
    Rule: URIRef  # A clinical rule of the specification (R0-R31): a statement and its effects on therapy statuses, supported by recommendations.
    RuleEffect: URIRef  # One conditional consequence of a rule: when every required state holds and no excluding state holds, the therapies it applies to get its status, with its reason text.
    SIJointCorticosteroidInjection: URIRef  # An image-guided intra-articular corticosteroid injection of the sacroiliac joint; what the rules call an SI joint injection.
    SIJointDiagnosis: URIRef  # A diagnosis that places the patient on a sacroiliitis pathway (axial spondyloarthritis, sacroiliitis, mechanical SI joint pain).
    SIJointFusion: URIRef  # Surgical fusion of the sacroiliac joint.
    Sacroiliitis: URIRef  # Inflammation of the SI joint whose pathway is decided by findings (R0).
    SeriousInfection: URIRef  # An infection that stops the start of a biologic or JAK inhibitor (active tuberculosis).
    Sex: URIRef  # Administrative sex as recorded (female, male, other, unknown).
    SourceDisagreement: URIRef  # A point where the source summary and a primary guideline differ; the graph keeps the default position and the alternative with their citations.
    StateAssertion: URIRef  # A record, written by the engine into the scratch or derived graph, that a patient is in a state (optionally with respect to one therapy), with the facts that made it hold and the facts found missing.
    Status: URIRef  # One of the eight statuses a therapy can have for a patient (closed set of RULES.md).
    Strength: URIRef  # Strength of a recommendation (strong, conditional, not graded).
    Surgery: URIRef  # An operative treatment.
    SystemicGlucocorticoid: URIRef  # A glucocorticoid given systemically (oral or parenteral), as opposed to a local injection.
    TNFInhibitor: URIRef  # A biologic that inhibits tumour necrosis factor alpha.
    TNFiFusionProtein: URIRef  # A TNF inhibitor that is a soluble receptor fusion protein (etanercept).
    TNFiMonoclonalAntibody: URIRef  # A TNF inhibitor that is a monoclonal antibody or antibody fragment (adalimumab, infliximab, golimumab, certolizumab pegol).
    TargetedSyntheticDMARD: URIRef  # A small-molecule disease-modifying drug acting on a defined molecular target.
    Therapy: URIRef  # A treatment in the SIKG catalog: a drug ingredient, an intervention, a physical therapy or a surgery. Each catalog therapy is an individual of the most specific therapy class.
    TherapyAssessment: URIRef  # The combined status of one therapy for one patient, with the rules behind it (derived graph, queried for cohorts).
    TreatmentEpisode: URIRef  # One course of one catalog therapy: dose adequacy, duration and outcome.
    WarningEffect: URIRef  # An effect that adds a warning to the answer instead of a therapy status.

    # object properties
    about: URIRef  # The therapy or therapy class (used as an individual) a recommendation or effect is about.
    alternativePosition: URIRef  # The differing position of a primary source, kept beside the default.
    alternativeSource: URIRef  # The citation that supports the alternative value.
    answerClass: URIRef  # Links a catalog therapy to the therapy class reported as its class in answers; the value is the class IRI used as an individual (OWL 2 punning).
    appliesTo: URIRef  # A catalog therapy, or a therapy class used as an individual (OWL 2 punning), whose members the effect gives its status.
    assertedState: URIRef  # The state a state assertion asserts.
    assessedTherapy: URIRef  # The therapy a contribution or assessment is about.
    becauseOfRule: URIRef  # A rule that contributed to an assessment.
    certainty: URIRef  # Quality of evidence, where the source gives it.
    citation: URIRef  # The work a recommendation comes from.
    codeOf: URIRef  # Links a code to the concept it names; materialized by the reasoner at build time.
    codeSystem: URIRef  # The code system a code or pattern belongs to.
    concernsRule: URIRef  # The rule a source disagreement bears on.
    conditionStatus: URIRef  # Active (the default) or history.
    decidedByRule: URIRef  # A rule whose contribution decided an assessment's status (the others that spoke are sikg:becauseOfRule only).
    defaultPosition: URIRef  # The recommendation SIKG follows by default (usually the source summary's).
    defaultStatus: URIRef  # The status the default rule gives.
    direction: URIRef  # For or against the therapy it is about.
    dose: URIRef  # Full (the default) or submaximal dose; matters for NSAIDs.
    forPatient: URIRef  # The patient a derived assertion, contribution or assessment is about.
    gradingSystem: URIRef  # How the recommendation was graded.
    hasCode: URIRef  # Links a catalog concept to a code that names it exactly.
    hasCodePattern: URIRef  # Links a condition concept to a code pattern whose matches denote it.
    hasCondition: URIRef  # Links a patient to a recorded diagnosis or comorbidity.
    hasEffect: URIRef  # Links a rule to one of its effects.
    hasFinding: URIRef  # Links a patient to a recorded finding.
    hasRecord: URIRef  # Links a patient to one of their record entries.
    hasStateAssertion: URIRef  # Links a patient to a state assertion about it, so queries reach a patient's derived states from the patient (a join that stays linear over a cohort).
    hasStatus: URIRef  # The status a contribution gives or an assessment ends with.
    hasTreatment: URIRef  # Links a patient to a treatment episode.
    inState: URIRef  # The patient is in this derived state.
    ofCondition: URIRef  # The catalog condition concept a condition record's code was matched to.
    ofFinding: URIRef  # The finding type a finding record gives a value for.
    ofRule: URIRef  # The rule an effect belongs to.
    ofTherapy: URIRef  # The catalog therapy a treatment episode used.
    outcome: URIRef  # The outcome of a treatment episode.
    overridesRule: URIRef  # The subject rule's positive level replaces the object rule's positive level for the same therapy (more specific rule wins).
    patternOf: URIRef  # Links a code pattern to the concept it denotes; materialized by the reasoner at build time.
    preferredOver: URIRef  # The therapy or class the recommendation prefers the subject's therapy over.
    reachesTherapy: URIRef  # A catalog therapy an effect applies to: its target, or a member of its target class (computed from sikg:appliesTo and the materialized class membership when the engine loads).
    requiresState: URIRef  # A patient state that must hold for the effect to apply (all must hold).
    scopeTherapy: URIRef  # The therapy a therapy-scoped state assertion is about.
    sex: URIRef  # The patient's recorded sex.
    stateClass: URIRef  # The OWL defined class whose members are the patients in this state (the class used as an individual, OWL 2 punning); the HermiT cross-check compares its members with the SPARQL derivation.
    strength: URIRef  # Strength of the recommendation; not-graded where the source gives none.
    sufficientStateClass: URIRef  # An OWL class whose members are all in this state, though not every patient in the state is a member (the rest needs sums, counts or closed-world negation, which only SPARQL does); the HermiT cross-check tests this direction only.
    supportedBy: URIRef  # Links a rule to a recommendation that supports it.
    unlessState: URIRef  # A patient state that must not hold for the effect to apply (none may hold).
    valueSource: URIRef  # The citation that supports the default value.
    viaEffect: URIRef  # The rule effect behind a contribution.
    yieldsStatus: URIRef  # The status the effect contributes.

    # datatype properties
    ageYears: URIRef  # The patient's age in completed years.
    allowedValue: URIRef  # One of the values a coded finding may take.
    alternativeValue: URIRef  # A value another source supports.
    booleanValue: URIRef  # The value of a boolean finding.
    canBeGivenNext: URIRef  # Whether a therapy with this status may be given next.
    catalogId: URIRef  # The stable id of a catalog therapy, condition or finding, as the service returns it.
    catalogOrder: URIRef  # Position of a therapy in the catalog, used to order answers.
    citationKey: URIRef  # The short key of a citation (SRC, ACR2019, ...).
    codeValue: URIRef  # The code or pattern text, compared trimmed, upper-case and with the dot.
    codedValue: URIRef  # The value of a coded finding (none, mild, moderate, severe; current, former, never).
    defaultValue: URIRef  # The value the source summary supports.
    displayRank: URIRef  # Order of statuses in answers.
    doiVerified: URIRef  # False when the DOI was not confirmed with the publisher.
    durationDays: URIRef  # How long the therapy was given, in days.
    effectOrder: URIRef  # Position of the effect within its rule.
    evidenceFact: URIRef  # A patient fact, in words, that made a state hold or an effect apply.
    historyCounts: URIRef  # True when a condition recorded with status history still counts for the rules (peptic ulcer, IBD, uveitis, demyelinating disease, VTE, cardiovascular disease).
    isDefaultRule: URIRef  # True for the rule that speaks for a therapy no other rule speaks for (R0: not-indicated).
    maxValue: URIRef  # The largest value a numeric finding may take.
    minValue: URIRef  # The smallest value a numeric finding may take.
    missingFact: URIRef  # A fact that was not recorded and is needed to decide (a finding code, a JSON path such as treatments[2].durationDays, or a record IRI).
    numericValue: URIRef  # The value of a numeric finding.
    parameterName: URIRef  # The name of a policy parameter.
    parameterValue: URIRef  # The value in force (stored in the policy graph).
    pathwayName: URIRef  # The pathway an answer reports when the patient is in this state (inflammatory, mechanical, undetermined).
    patientId: URIRef  # The caller's patient identifier (1-64 characters of A-Z a-z 0-9 . _ -).
    pmidVerified: URIRef  # False when the PMID was not confirmed in PubMed.
    positive: URIRef  # True for the positive levels (recommended, eligible), which combine by rule specificity rather than severity.
    recordedCode: URIRef  # The code as given in the patient facts.
    recordedSystem: URIRef  # The code system short name as given in the patient facts.
    ruleId: URIRef  # The id of a rule in RULES.md (R0-R31).
    severityRank: URIRef  # Order in which statuses combine: the highest rank wins; recommended and eligible are the positive levels at the bottom.
    sourcePath: URIRef  # Where the record came from in the JSON input (treatments[2]); absent for RDF input, where the record's IRI names it.
    stateName: URIRef  # The name of a patient state; also the name of the query in queries/states that derives it.
    systemName: URIRef  # The short name of a code system used in the patient-facts contract (rxnorm, atc, icd10cm, snomed, cpt, hcpcs, loinc, sikg).
    therapyScoped: URIRef  # True when the state holds of a patient with respect to one therapy (this therapy failed), so effects using it apply only to that therapy.
    valueKind: URIRef  # The kind of value a finding takes: boolean, integer, number or code.
    verified: URIRef  # False when a code or identifier was not checked against its authority (marked ? in the shared sources); also stated as skos:editorialNote "unverified".

    # annotation properties
    classId: URIRef  # The id of a therapy class as used in answers (nsaid-cox2, tnf-inhibitor...).
    effectSummary: URIRef  # The rule's effect on therapy statuses, in words (the effect column of RULES.md).
    eularLevel: URIRef  # The EULAR level of evidence (1a-5) and grade (A-D) as printed, kept as text.
    identifierNote: URIRef  # States that a citation has no DOI or PMID (value none).
    journal: URIRef  # The journal or publisher of a citation, or none.
    knowledgeVersion: URIRef  # The knowledge version (date and content hash) an assessment was computed with.
    note: URIRef  # A caveat attached to a rule or effect and reported with it.
    population: URIRef  # The patients the recommendation is about, in words.
    reasonText: URIRef  # The one-line human reason reported when the effect applies.
    sourceLocation: URIRef  # Where in the cited work the statement is (table, recommendation number, citation marker).
    statement: URIRef  # What a rule or recommendation says, in words.
    unit: URIRef  # The unit of a policy parameter value.
    year: URIRef  # Publication year of a citation as text, or none.

    # named individuals
    EULARLevels: URIRef  # Oxford levels of evidence (1a-5) and grades of recommendation (A-D) as used by EULAR; not mapped onto GRADE.
    GRADE: URIRef  # Grading of Recommendations Assessment, Development and Evaluation (ACR2019; the source summary uses its words).
    active: URIRef  # The condition is present now.
    against: URIRef  # Against the therapy.
    conditional: URIRef  # A conditional (weak) recommendation (GRADE).
    failure: URIRef  # The therapy did not work; covers both nonresponse kinds when the kind is not known.
    female: URIRef  # Female.
    fullDose: URIRef  # Given at the full (optimal anti-inflammatory) dose.
    highCertainty: URIRef  # High quality of evidence (GRADE).
    history: URIRef  # The condition was present in the past.
    intolerance: URIRef  # Stopped for adverse effects.
    lowCertainty: URIRef  # Low quality of evidence (GRADE).
    male: URIRef  # Male.
    moderateCertainty: URIRef  # Moderate quality of evidence (GRADE).
    neutral: URIRef  # A definition, safety statement or warning that neither recommends for nor against a therapy.
    noGrading: URIRef  # The statement comes from a label, safety communication or review with no grading.
    nonunion: URIRef  # A fusion that did not unite.
    notGradedCertainty: URIRef  # The source gives no quality of evidence.
    notGradedStrength: URIRef  # The source gives no strength.
    ongoing: URIRef  # The therapy is still being given and not yet judged.
    otherSex: URIRef  # Another sex.
    primaryNonresponse: URIRef  # No response from the start.
    response: URIRef  # The therapy worked.
    secondaryNonresponse: URIRef  # Response first, then lost.
    strong: URIRef  # A strong recommendation (GRADE).
    submaximalDose: URIRef  # Given below the full dose; such a trial never counts towards NSAID failure.
    unknownSex: URIRef  # Sex not known.
    veryLowCertainty: URIRef  # Very low quality of evidence (GRADE).
    veryLowToModerateCertainty: URIRef  # Quality of evidence ranging from very low to moderate across the recommendation's parts (GRADE).

    # terms that are no Python identifiers
    _extras = ['for']

    _NS = Namespace("https://w3id.org/sikg/ontology#")
