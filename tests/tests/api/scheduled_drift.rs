//! The devserver's timed work agrees with template.yaml: every `AWS::Scheduler::Schedule` is a
//! schedule the devserver runs (same expression, target queue and message), and the other way
//! round; the embedded blobs expire by the uploads bucket's own lifecycle rules.

use std::collections::BTreeMap;

use ferrofin_devserver::scheduled::schedules;
use ferrofin_platform::adapters::embedded::{ExpiryRule, UPLOADS_BUCKET_EXPIRY};
use ferrofin_platform::ports::queue::QueueName;
use ferrofin_tests::template::{Template, reference};

/// A schedule as the template declares it: expression, target queue resource, message type and
/// version.
type Declared = (String, String, String, u64);

/// The queue resource each queue name is, by the functions' `<NAME>_QUEUE_URL: !Ref <Queue>`.
fn queue_resource(template: &Template, queue: QueueName) -> String {
    let variable = format!("{}_QUEUE_URL", queue.as_str().to_uppercase());
    let value = template.root["Globals"]["Function"]["Environment"]["Variables"]
        .get(&variable)
        .unwrap_or_else(|| panic!("Globals set {variable}"));
    reference(value)
        .unwrap_or_else(|| panic!("{variable} is a !Ref"))
        .target()
        .to_owned()
}

fn declared_schedules(template: &Template) -> BTreeMap<String, Declared> {
    let resources = template.root["Resources"].as_mapping().expect("Resources");
    resources
        .iter()
        .filter(|(_, resource)| resource["Type"].as_str() == Some("AWS::Scheduler::Schedule"))
        .map(|(id, resource)| {
            let id = id.as_str().expect("logical id").to_owned();
            let properties = &resource["Properties"];
            let target = &properties["Target"];
            let queue = reference(&target["Arn"])
                .unwrap_or_else(|| panic!("{id}: Target.Arn is a !GetAtt"))
                .target()
                .to_owned();
            let input: serde_json::Value =
                serde_json::from_str(target["Input"].as_str().expect("Input"))
                    .unwrap_or_else(|err| panic!("{id}: Input is not JSON: {err}"));
            assert_eq!(
                input["payload"],
                serde_json::json!({}),
                "{id}: empty payload"
            );
            if properties["ScheduleExpression"]
                .as_str()
                .is_some_and(|expression| expression.starts_with("cron("))
            {
                assert_eq!(
                    properties["ScheduleExpressionTimezone"].as_str(),
                    Some("UTC"),
                    "{id}: a cron schedule runs in UTC"
                );
            }
            let declared = (
                properties["ScheduleExpression"]
                    .as_str()
                    .expect("ScheduleExpression")
                    .to_owned(),
                queue,
                input["type"].as_str().expect("type").to_owned(),
                input["version"].as_u64().expect("version"),
            );
            (id, declared)
        })
        .collect()
}

#[test]
fn the_devserver_runs_every_schedule_of_the_template_and_no_other() {
    let template = Template::load();
    let declared = declared_schedules(&template);
    assert!(declared.len() >= 2, "the template's schedules are found");
    let run: BTreeMap<String, Declared> = schedules()
        .into_iter()
        .map(|schedule| {
            let declared = (
                schedule.cadence.expression(),
                queue_resource(&template, schedule.queue),
                schedule.message_type.to_owned(),
                u64::from(schedule.version),
            );
            (schedule.resource.to_owned(), declared)
        })
        .collect();
    assert_eq!(run, declared);
}

fn lifecycle_expiry(template: &Template) -> Vec<(String, u64)> {
    let rules = template.root["Resources"]["UploadsBucket"]["Properties"]["LifecycleConfiguration"]
        ["Rules"]
        .as_sequence()
        .expect("UploadsBucket has lifecycle rules");
    rules
        .iter()
        .filter(|rule| rule.get("ExpirationInDays").is_some())
        .map(|rule| {
            assert_eq!(rule["Status"].as_str(), Some("Enabled"));
            (
                rule["Prefix"].as_str().expect("Prefix").to_owned(),
                rule["ExpirationInDays"].as_u64().expect("days"),
            )
        })
        .collect()
}

#[test]
fn the_embedded_blobs_expire_by_the_buckets_lifecycle_rules() {
    let embedded: Vec<(String, u64)> = UPLOADS_BUCKET_EXPIRY
        .iter()
        .map(|ExpiryRule { prefix, days }| ((*prefix).to_owned(), u64::from(*days)))
        .collect();
    assert_eq!(embedded, lifecycle_expiry(&Template::load()));
    assert!(
        !embedded.is_empty(),
        "uploads never completed expire (issue 9)"
    );
}
