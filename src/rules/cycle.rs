use super::RuleContext;
use crate::rule::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::paths::{Edge, step_chain, transition_pointer};

declare_rule! {
    /// ## What it does
    /// Reports `next` transitions (conditional or not) that loop: a step that leads back to itself,
    /// or to a step it was reached from. Each loop is reported once, at the transition that closes it,
    /// with every transition of the loop labelled in order.
    ///
    /// ## Why it matters
    /// A diagnosis path should move forward to a decision. A loop has no end: following it, a patient
    /// can be sent round the same tests again and again, with the radiation, contrast and delay each
    /// pass brings, and never reach a treatment decision. A test that really is repeated (a scan after
    /// a week) is a separate step with its own criteria.
    ///
    /// ## Example
    /// ```json
    /// {"id": "urology-consultation", "kind": "consultation", "name": "Urgent urology review", "next": ["ct-kub"], "specialties": ["urology"]}
    /// ```
    /// (in a path where `ct-kub` leads to `urology-consultation`)
    ///
    /// ## Use instead
    /// ```json
    /// {"id": "urology-consultation", "kind": "consultation", "name": "Urgent urology review", "terminal": true, "specialties": ["urology"]}
    /// ```
    pub static CYCLE = {
        name: "cycle",
        code: "GL202",
        severity: Error,
        summary: "transitions in a path that loop",
    }
}

pub(super) fn check(context: &RuleContext<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path_index, path, graph) in context.paths_with_graphs() {
        for found in graph.loops() {
            let transitions: Vec<(usize, Edge)> = found
                .steps
                .iter()
                .copied()
                .zip(found.edges.iter().copied())
                .collect();
            let Some((&(closing, back_edge), forward)) = transitions.split_last() else {
                continue;
            };
            let id = |index: usize| path.steps.get(index).map_or("", |step| step.id);
            let first = id(back_edge.to);
            let pointer = transition_pointer(path, path_index, closing, back_edge.transition);
            let (message, help) = if forward.is_empty() {
                (
                    format!("step `{first}` leads back to itself in path `{}`", path.id),
                    format!(
                        "Remove the transition from `{first}` to itself; to repeat the test, add a separate \
                         step for the repeat with the finding that calls for it."
                    ),
                )
            } else {
                let chain = step_chain(path, found.steps.iter().copied().chain([back_edge.to]));
                (
                    format!("steps {chain} form a loop in path `{}`", path.id),
                    format!(
                        "Remove the transition from `{}` back to `{first}`, or lead it to a step after the \
                         loop; to repeat a test, add a separate step for the repeat.",
                        id(closing)
                    ),
                )
            };
            let mut diagnostic = Diagnostic::new(
                &CYCLE,
                message,
                pointer.clone(),
                context.label(&pointer, format!("loops back to `{first}`")),
            );
            for &(step, edge) in forward {
                diagnostic = diagnostic.with_label(context.label(
                    &transition_pointer(path, path_index, step, edge.transition),
                    format!("leads to `{}`", id(edge.to)),
                ));
            }
            diagnostics.push(diagnostic.with_help(help));
        }
    }
    diagnostics
}
