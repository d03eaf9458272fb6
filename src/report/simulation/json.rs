//! `simulate --format json`: the shape of docs/format.md, section 9.3, every
//! list in document order.

use crate::simulate::Shown;
use serde::Serialize;

#[derive(Serialize)]
struct Simulation<'a> {
    guideline: &'a str,
    present: Vec<&'a str>,
    paths: Vec<Path<'a>>,
    treatments: Vec<Treatment<'a>>,
}

#[derive(Serialize)]
struct Path<'a> {
    id: &'a str,
    performed: Vec<&'a str>,
    not_performed: Vec<&'a str>,
    ended: Vec<Ended<'a>>,
}

#[derive(Serialize)]
struct Ended<'a> {
    step: &'a str,
    how: &'static str,
}

#[derive(Serialize)]
struct Treatment<'a> {
    id: &'a str,
    status: &'static str,
}

pub fn render(shown: &Shown) -> String {
    let semantics = shown.semantics;
    let playthrough = shown.playthrough;
    let simulation = Simulation {
        guideline: semantics.guideline().id,
        present: playthrough
            .present
            .ones()
            .map(|finding| semantics.finding_id(finding))
            .collect(),
        paths: shown
            .paths()
            .into_iter()
            .map(|index| {
                let path = &semantics.paths()[index];
                let play = &playthrough.paths[index];
                Path {
                    id: path.id(),
                    performed: play.performed().map(|step| path.step_id(step)).collect(),
                    not_performed: play
                        .not_performed()
                        .map(|step| path.step_id(step))
                        .collect(),
                    ended: play
                        .ended()
                        .map(|(step, how)| Ended {
                            step: path.step_id(step),
                            how: how.as_str(),
                        })
                        .collect(),
                }
            })
            .collect(),
        treatments: semantics
            .treatments()
            .iter()
            .zip(&playthrough.treatments)
            .map(|(treatment, outcome)| Treatment {
                id: treatment.id(),
                status: outcome.status.as_str(),
            })
            .collect(),
    };
    // Plain structs of strings cannot fail to serialize.
    let mut text = serde_json::to_string(&simulation).expect("the simulation serializes");
    text.push('\n');
    text
}
