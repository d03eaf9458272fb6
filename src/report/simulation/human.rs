//! `simulate --format human`: the playthrough explained for a reader. For each path: the steps
//! performed and why each was reached, what each step made known, the steps not performed and
//! why, and how each branch ended; then each treatment's status and reason, the indications and
//! contraindications that could not be decided, and the order eligible treatments are offered in.

use crate::report::wrap;
use crate::semantics::explain::Explainer;
use crate::semantics::{Ending, PathSemantics, StepStatus, TreatmentStatus};
use crate::simulate::Shown;
use crate::text::and_list;
use crate::text::visible;

pub use crate::report::human::Style;

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }

    fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }

    fn yellow(self, text: &str) -> String {
        self.wrap("33", text)
    }

    fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

pub fn render(shown: &Shown, style: Style) -> String {
    let paint = Paint(style.color);
    let semantics = shown.semantics;
    let playthrough = shown.playthrough;
    let explain = Explainer::new(semantics, playthrough);
    let guideline = semantics.guideline();
    let width = style.width.max(40);
    let mut out = String::new();

    out.push_str(&format!(
        "{} {}\n",
        paint.bold(&format!("Simulation of {}:", guideline.id)),
        visible(guideline.title.to_string())
    ));
    let present: Vec<String> = playthrough
        .present
        .ones()
        .map(|finding| format!("`{}`", semantics.finding_id(finding)))
        .collect();
    let patient = if present.is_empty() {
        "Patient with none of the findings: each finding is absent once a step elicits it."
            .to_string()
    } else {
        format!(
            "Patient with {}: every other finding is absent once a step elicits it.",
            and_list(&present)
        )
    };
    out.push_str(&wrap(&patient, width, "", ""));

    for index in shown.paths() {
        let path = &semantics.paths()[index];
        let play = &playthrough.paths[index];
        out.push('\n');
        out.push_str(&format!(
            "{} {}\n",
            paint.bold(&format!("Path {}:", path.id())),
            visible(path.path.name.to_string())
        ));
        let performed: Vec<usize> = play.performed().collect();
        if performed.is_empty() {
            out.push_str("  No step was performed.\n");
        } else {
            out.push_str(&format!("  {}\n", paint.bold("Performed")));
        }
        for step in performed {
            let outcome = &play.steps[step];
            out.push_str(&wrap(
                &format!(
                    "{} {}: {}",
                    paint.green("✔"),
                    path.step_id(step),
                    explain.step(index, step)
                ),
                width,
                "    ",
                "        ",
            ));
            if let Some(learned) = learned(shown, path, step) {
                out.push_str(&wrap(&learned, width, "        ", "          "));
            }
            if let Some(ending) = outcome.ending {
                let how = match ending {
                    Ending::Terminal => paint.green("the branch ends here (terminal)"),
                    Ending::Incomplete => paint.yellow(
                        "the branch ends here, but the step is not terminal: the pathway leaves the patient with nowhere to go (incomplete)",
                    ),
                };
                out.push_str(&wrap(&how, width, "        ", "          "));
            }
        }
        let not_performed: Vec<usize> = play.not_performed().collect();
        if !not_performed.is_empty() {
            out.push_str(&format!("  {}\n", paint.bold("Not performed")));
        }
        for step in not_performed {
            out.push_str(&wrap(
                &format!(
                    "{} {}: {}",
                    paint.red("✘"),
                    path.step_id(step),
                    explain.step(index, step)
                ),
                width,
                "    ",
                "        ",
            ));
        }
        let ended: Vec<String> = play
            .ended()
            .map(|(step, how)| format!("`{}` ({})", path.step_id(step), how.as_str()))
            .collect();
        let ended = if ended.is_empty() {
            "Branches ended: none.".to_string()
        } else {
            format!("Branches ended: {}.", ended.join(", "))
        };
        out.push_str(&wrap(&ended, width, "  ", "    "));
        // A step reached but not performed stops its branch without ending it.
        let stopped: Vec<String> = play
            .steps
            .iter()
            .enumerate()
            .filter(|(_, outcome)| outcome.status == StepStatus::Stopped)
            .map(|(step, _)| format!("`{}`", path.step_id(step)))
            .collect();
        if !stopped.is_empty() {
            out.push_str(&wrap(
                &format!(
                    "Branches stopped at a step reached but not performed: {}.",
                    stopped.join(", ")
                ),
                width,
                "  ",
                "    ",
            ));
        }
    }

    out.push('\n');
    out.push_str(&format!("{}\n", paint.bold("Treatments")));
    let status_width = 13;
    for (index, treatment) in semantics.treatments().iter().enumerate() {
        let outcome = &playthrough.treatments[index];
        let status = format!("{:<status_width$}", outcome.status.as_str());
        let status = match outcome.status {
            TreatmentStatus::Eligible => paint.green(&status),
            TreatmentStatus::Excluded => paint.red(&status),
            TreatmentStatus::NotIndicated | TreatmentStatus::NotReached => paint.dim(&status),
        };
        out.push_str(&wrap(
            &format!("{status} {}: {}", treatment.id(), explain.treatment(index)),
            width,
            "  ",
            &" ".repeat(3 + status_width),
        ));
    }
    let undecided: Vec<(usize, Vec<String>)> = (0..semantics.treatments().len())
        // Everything is unknown for a treatment not reached: nothing worth listing.
        .filter(|index| playthrough.treatments[*index].status != TreatmentStatus::NotReached)
        .map(|index| (index, explain.undecided(index)))
        .filter(|(_, undecided)| !undecided.is_empty())
        .collect();
    if !undecided.is_empty() {
        out.push('\n');
        out.push_str(&format!(
            "{}\n",
            paint
                .bold("Could not be decided (an unknown condition neither indicates nor excludes)")
        ));
        for (index, conditions) in undecided {
            let id = semantics.treatments()[index].id();
            for condition in conditions {
                out.push_str(&wrap(
                    &format!("{} {id}: {condition}", paint.yellow("?")),
                    width,
                    "  ",
                    "      ",
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&wrap(&offered(shown), width, "", "  "));
    out
}

/// "elicits: `a` present; `b`, `c` absent", for a performed step that elicits something.
fn learned(shown: &Shown, path: &PathSemantics, step: usize) -> Option<String> {
    let semantics = shown.semantics;
    let elicits = &path.steps.get(step)?.elicits;
    if elicits.is_clear() {
        return None;
    }
    let (present, absent): (Vec<usize>, Vec<usize>) = elicits
        .ones()
        .partition(|finding| shown.playthrough.present.contains(*finding));
    let list = |findings: &[usize]| -> String {
        findings
            .iter()
            .map(|finding| format!("`{}`", semantics.finding_id(*finding)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !present.is_empty() {
        parts.push(format!("{} present", list(&present)));
    }
    if !absent.is_empty() {
        parts.push(format!("{} absent", list(&absent)));
    }
    Some(format!("elicits: {}", parts.join("; ")))
}

/// "Offered in escalation order: `a`, then `b` and `c`." (or that nothing is eligible).
fn offered(shown: &Shown) -> String {
    let semantics = shown.semantics;
    let order = shown.playthrough.eligible_in_order(semantics);
    if order.is_empty() {
        return "No treatment is eligible.".to_string();
    }
    let mut tiers: Vec<(usize, Vec<String>)> = Vec::new();
    for index in order {
        let treatment = &semantics.treatments()[index];
        let id = format!("`{}`", treatment.id());
        match tiers.last_mut() {
            Some((rank, ids)) if *rank == treatment.escalation_rank => ids.push(id),
            _ => tiers.push((treatment.escalation_rank, vec![id])),
        }
    }
    let tiers: Vec<String> = tiers.into_iter().map(|(_, ids)| and_list(&ids)).collect();
    if tiers.len() == 1 {
        format!("Eligible: {}.", tiers[0])
    } else {
        format!("Eligible, in escalation order: {}.", tiers.join(", then "))
    }
}
