//! The port conformance suites on the embedded adapters (always run).

mod table {
    ferrofin_tests::table_conformance!(ferrofin_tests::embedded_subjects::table);
}

mod blobs {
    ferrofin_tests::blobs_conformance!(ferrofin_tests::embedded_subjects::blobs);
}

mod queue {
    ferrofin_tests::queue_conformance!(ferrofin_tests::embedded_subjects::queue);
}

mod mailer {
    ferrofin_tests::mailer_conformance!(ferrofin_tests::embedded_subjects::mailer);
}
