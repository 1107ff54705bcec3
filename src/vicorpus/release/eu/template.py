"""The European Commission's template for the public summary of training content of
general-purpose AI models, as data: its parts, sections and fields, and who fills each.

Source: "Explanatory Notice and Template for the Public Summary of Training Content for
general-purpose AI models required by Article 53(1)(d) of Regulation (EU) 2024/1689",
C(2025) 5235, 24 July 2025 (a copy found online is labelled C(2025) 8311, 5 December
2025, with the same three parts). The field list follows the template field by field as
broken down in the AI Accountability Lab's assessment framework for such summaries
(github.com/AIAccountabilityLab/gpai-training-transparency, templates/methodology.html),
which has version and last-update fields, an optional "additional comments" field in
most sections, two model-generator questions in §2.5, and no modality question in
§2.6. Labels here are short paraphrases, not the template's wording.

A dataset is not a model: vicorpus answers what one data-preparation run knows, and the
model provider merges it into the summary of the model. ``filled_by`` says who answers:
``run`` (derived from the run's output folder), ``maintainers`` (the people who ran the
pipeline know it, the folder does not) or ``provider`` (the model provider).

The JSON, the Markdown and the tests all read this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

FilledBy = Literal["run", "provider", "maintainers"]
FILLED_BY_WORDS: dict[str, str] = {
    "run": "this vicorpus run",
    "maintainers": "the dataset maintainers",
    "provider": "the model provider",
}

TEMPLATE_TITLE = "Template for the Public Summary of Training Content for general-purpose AI models"
TEMPLATE_REFERENCE = "European Commission, C(2025) 5235, 24 July 2025 (AI Act Article 53(1)(d))"
TEMPLATE_URL = (
    "https://digital-strategy.ec.europa.eu/en/library/"
    "explanatory-notice-and-template-public-summary-training-content-general-purpose-ai-models"
)

# The template's size ranges for text (§1.3), in tokens.
TEXT_SIZE_RANGES: tuple[tuple[float, str], ...] = (
    (1e9, "Less than 1 billion tokens"),
    (1e13, "1 billion to 10 trillion tokens"),
    (float("inf"), "More than 10 trillion tokens"),
)
# §2.1: a publicly available dataset is "large" above this share of all public data of a modality.
LARGE_PUBLIC_DATASET_SHARE = 0.03
# §2.3: domains to list, by size of content scraped: the top 10 % of all domain names;
# for SMEs the top 5 % or 1,000 domains, whichever is lower. Fractions, so that the
# counts are exact integer arithmetic (rounded up).
TOP_DOMAIN_SHARE = Fraction(1, 10)
SME_TOP_DOMAIN_SHARE = Fraction(1, 20)
SME_MAX_DOMAINS = 1000


@dataclass(frozen=True)
class TemplateField:
    key: str
    label: str
    filled_by: FilledBy  # who answers it when the run cannot (the builder may hand it on)
    optional: bool = False


@dataclass(frozen=True)
class TemplateSection:
    id: str
    title: str
    fields: tuple[TemplateField, ...]

    @property
    def part(self) -> str:
        return self.id.split(".")[0]

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields)


def _f(key: str, label: str, filled_by: FilledBy = "run", optional: bool = False) -> TemplateField:
    return TemplateField(key, label, filled_by, optional)


def _comments(filled_by: FilledBy = "run") -> TemplateField:
    return _f("additional_comments", "Additional comments (optional)", filled_by, optional=True)


# Headings above the sections: the three parts, and §2.2 which only groups 2.2.1 and 2.2.2.
HEADINGS: dict[str, str] = {
    "1": "General information",
    "2": "List of data sources",
    "2.2": "Private non-publicly available datasets obtained from third parties",
    "3": "Data processing aspects",
}

SECTIONS: tuple[TemplateSection, ...] = (
    TemplateSection(
        "0",
        "Summary version",
        (
            _f("summary_version", "Version of the summary", "provider"),
            _f("last_update", "Date of the last update of the summary", "provider"),
        ),
    ),
    TemplateSection(
        "1.1",
        "Provider identification",
        (
            _f("provider_name_contact", "Provider name and contact details", "provider"),
            _f("authorised_representative", "Authorised representative name and contact details", "provider"),
        ),
    ),
    TemplateSection(
        "1.2",
        "Model identification",
        (
            _f("versioned_model_names", "Versioned model name(s)", "provider"),
            _f(
                "model_dependencies",
                "Model dependencies (general-purpose AI model(s) modified or fine-tuned)",
                "provider",
            ),
            _f("placed_on_market", "Date of placement of the model on the Union market", "provider"),
        ),
    ),
    TemplateSection(
        "1.3",
        "Modalities, overall training data size and other characteristics",
        (
            _f("modalities", "Modality (text, image, audio, video, other)"),
            _f("training_data_size", "Training data size, per modality, in the template's ranges"),
            _f("types_of_content", "Types of content, per modality"),
            _f("latest_collection_date", "Latest date of data acquisition or collection; whether collection goes on"),
            _f("linguistic_characteristics", "Linguistic characteristics of the overall training data"),
            _f("other_characteristics", "Other relevant characteristics of the overall training data"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.1",
        "Publicly available datasets",
        (
            _f("used", "Publicly available datasets used"),
            _f("modalities", "Modality(ies) of the content"),
            _f("large_datasets", "Large publicly available datasets (over 3 % of the public data of a modality)"),
            _f("other_datasets", "General description of the other publicly available datasets"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.2.1",
        "Datasets commercially licensed by rightsholders or their representatives",
        (
            _f(
                "used",
                "Transactional commercial licensing agreement(s) concluded with rightsholders or representatives",
            ),
            _f("modalities", "Modality(ies) of the content"),
            # Not a field of the template's §2.2.1 (it asks for no list): where the run
            # says what it knows; the provider may leave it out.
            _comments(),
        ),
    ),
    TemplateSection(
        "2.2.2",
        "Private datasets obtained from other third parties",
        (
            _f("used", "Private datasets obtained from other third parties (data providers, intermediaries)"),
            _f("modalities", "Modality(ies) of the content"),
            _f("publicly_known", "Private datasets obtained from other third parties that are publicly known"),
            _f("other_datasets", "General description of the other private datasets"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.3",
        "Data crawled and scraped from online sources",
        (
            _f("used", "Crawlers used by the provider or on its behalf"),
            _f("crawler_names", "Crawler name(s) or identifier(s)"),
            _f("crawler_purposes", "Purposes of the crawler(s)"),
            _f(
                "crawler_behaviour", "General description of crawler behaviour (robots.txt, paywalls, logins, captchas)"
            ),
            _f("collection_period", "Period of data collection"),
            _f("content_description", "Comprehensive description of the type of content and online sources crawled"),
            _f("modalities", "Modality(ies) of the content"),
            _f("top_domains", "Most relevant domain names crawled (top 10 % by size of content; SMEs: 5 % or 1,000)"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.4",
        "User data",
        (
            _f("from_model_interactions", "Data from user interactions with the model used for training"),
            _f("from_other_services", "Data from user interactions with the provider's other services or products"),
            _f("services_description", "General description of the services or products the user data came from"),
            _f("modalities", "Modality(ies) of the content"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.5",
        "Synthetic data",
        (
            _f("used", "Synthetic AI-generated data created by the provider or on its behalf"),
            _f("modalities", "Modality(ies) of the synthetic data"),
            _f("generator_models_on_market", "General-purpose AI model(s) on the market used to generate it"),
            _f("generator_models_other", "Other AI models used to generate it, the provider's own included"),
            _comments(),
        ),
    ),
    TemplateSection(
        "2.6",
        "Other sources of data",
        (
            _f("used", "Data sources other than those of §2.1 to §2.5 used"),
            _f("description", "Narrative description of these sources and their data"),
            _comments(),
        ),
    ),
    TemplateSection(
        "3.1",
        "Respect of reservation of rights from the text and data mining exception or limitation",
        (
            _f("code_of_practice_signatory", "Signatory of the general-purpose AI Code of Practice", "provider"),
            _f("measures", "Measures taken before training to respect reservations of rights, opt-outs honoured"),
            _comments("provider"),
        ),
    ),
    TemplateSection(
        "3.2",
        "Removal of illegal content",
        (_f("measures", "General description of the measures taken"),),
    ),
    TemplateSection(
        "3.3",
        "Other information (optional)",
        (_f("other_information", "Other relevant information about data processing", optional=True),),
    ),
)


def heading_text(number: str, title: str) -> str:
    """A part's heading has a dot after its number ("1. General information"), a section's not."""
    return f"{number}. {title}" if "." not in number else f"{number} {title}"


def heading_level(number: str) -> int:
    """Markdown heading level of a part or section: "1" → 2, "1.1" → 3, "2.2.1" → 4."""
    return 2 + number.count(".")
