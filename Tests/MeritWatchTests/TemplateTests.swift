import TestSupport
import Testing
@testable import MeritWatch

/// Method: expected strings are what Python's Jinja2 3.1 renders for the same template and document
/// (worked out by hand from Jinja2's and Python's documented semantics).
@Test(.tags(.unit), arguments: [
    ("Question: {{question}}\nAnswer:", "Question: What is 2 + 2?\nAnswer:"),
    ("{{ question.strip() | lower }}", "what is 2 + 2?"),
    ("{{choices[answer]}}", "4"),
    ("{{ choices }}", "['3', '4', \"it's 5\"]"),
    ("{% for c in choices %}{{ loop.index }}. {{ c }}\n{% endfor %}", "1. 3\n2. 4\n3. it's 5\n"),
    ("{{ 'yes' if answer == 1 else 'no' }}", "yes"),
    ("{%- if answer > 5 -%} big {%- elif answer == 1 -%} one {%- else -%} small {%- endif -%}", "one"),
    ("{{ [\"A\", \"B\", \"C\"][answer] }}", "B"),
    ("{{ question.split()[0] ~ '!' }}", "What!"),
    ("{{ choices | join(', ') }}", "3, 4, it's 5"),
    ("{{ score }} {{ flag }} {{ none_field }}", "0.5 True None"),
    ("{{ question[:4] }}", "What"),
])
func templatesRenderLikeJinja(template: String, expected: String) throws {
    let doc: [String: TemplateValue] = ["question": .string(" What is 2 + 2? "), "choices": .list([.string("3"), .string("4"), .string("it's 5")]),
                                        "answer": .int(1), "score": .double(0.5), "flag": .bool(true), "none_field": .none]
    var d = doc
    d["question"] = .string("What is 2 + 2?")
    if template.contains("strip") { d = doc }
    #expect(try Template(template).render(d) == expected)
}

@Test(.tags(.unit)) func templateErrorsNameTheProblem() throws {
    #expect(throws: WatchError.self) { try Template("{{ missing }}").render([:]) }
    do { _ = try Template("{% macro x %}{% endmacro %}"); Issue.record("expected a parse error") } catch let e as WatchError {
        #expect(e.message.contains("macro"))
    }
    do { _ = try Template("{{ a "); Issue.record("expected a parse error") } catch let e as WatchError {
        #expect(e.message.contains("never closed"))
    }
}
