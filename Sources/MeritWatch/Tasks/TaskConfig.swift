import Foundation

/// An lm-evaluation-harness task file, read as lm-eval reads it (`include` merged, its defaults applied).
///
/// Supported: `dataset_path` json or csv with local `data_files`; `multiple_choice` and
/// `generate_until`; `doc_to_text`/`doc_to_target`/`doc_to_choice` as field names, Jinja templates,
/// lists or integers; `description`; few-shot with `num_fewshot`, `fewshot_split` and the `first_n` or
/// default sampler; `target_delimiter`, `fewshot_delimiter`; `generation_kwargs` (`until`,
/// `max_gen_toks`); `filter_list`; `metric_list`. Anything else that would change results
/// (`!function`, `process_docs`, hub datasets) is refused with the reason.
public struct TaskConfig: Sendable {
    /// How a task asks the model.
    public enum OutputType: String, Sendable { case multipleChoice = "multiple_choice", generateUntil = "generate_until" }

    /// A `doc_to_*` setting.
    public enum Field: Sendable {
        /// A document field's name.
        case field(String)
        /// A Jinja template.
        case template(Template)
        /// A literal value (a list of choices, an integer target).
        case literal(TemplateValue)
    }

    /// One metric from `metric_list`.
    public struct Metric: Sendable {
        /// acc, acc_norm or exact_match.
        public var name: String
        /// exact_match's `ignore_case`.
        public var ignoreCase = false
        /// exact_match's `ignore_punctuation`.
        public var ignorePunctuation = false
        /// exact_match's `ignore_numbers`.
        public var ignoreNumbers = false
        /// exact_match's `regexes_to_ignore`.
        public var regexesToIgnore: [PythonRegex] = []
    }

    /// One step of a filter pipeline.
    public enum FilterStep: Sendable {
        case regex(PythonRegex, group: Int, fallback: String)
        case takeFirst
        case removeWhitespace
        case lowercase
        case uppercase
        case map([(String, String)], default: String?)
    }

    /// A named filter pipeline (`filter_list`); its results are scored separately.
    public struct Filter: Sendable {
        /// The name lm-eval reports it under (`strict-match`, `none`, …).
        public var name: String
        /// The steps, in order.
        public var steps: [FilterStep]
    }

    /// The task name.
    public var name: String
    /// The file it came from.
    public var file: String
    /// The output type.
    public var outputType: OutputType
    /// The split evaluated.
    public var evalSplit: String
    /// The split few-shot examples come from.
    public var fewshotSplit: String
    /// Whether the evaluated document is kept out of its own few-shot examples.
    public var excludeEvaluatedDocument = false
    /// Data files by split, resolved to paths.
    public var dataFiles: [String: [String]]
    /// `json` or `csv`.
    public var format: String
    /// `doc_to_text`.
    public var docToText: Field
    /// `doc_to_target`.
    public var docToTarget: Field
    /// `doc_to_choice`, for multiple choice.
    public var docToChoice: Field?
    /// Put between a question and its answer.
    public var targetDelimiter = " "
    /// Put between few-shot examples.
    public var fewshotDelimiter = "\n\n"
    /// Text put before the examples.
    public var description = ""
    /// Few-shot examples per prompt.
    public var numFewshot = 0
    /// `first_n` takes examples in order; `default` samples them as lm-eval does.
    public var fewshotSampler = "default"
    /// Stop sequences for generation.
    public var until: [String]? = nil
    /// The most tokens to generate.
    public var maxGenTokens = 256
    /// Filter pipelines (generate_until).
    public var filters: [Filter] = [Filter(name: "none", steps: [.takeFirst])]
    /// Metrics.
    public var metrics: [Metric]
    /// The task's `metadata.version`, reported with its results.
    public var version: String?
}
