//! The port conformance suites on the embedded adapters (always run): the table and the queue
//! in both storage modes, in memory and durable (a redb file in a temporary folder).

mod table {
    ferrofin_tests::table_conformance!(ferrofin_tests::embedded_subjects::table);
}

mod table_durable {
    ferrofin_tests::table_conformance!(ferrofin_tests::embedded_subjects::durable_table);
}

mod blobs {
    ferrofin_tests::blobs_conformance!(ferrofin_tests::embedded_subjects::blobs);
}

mod queue {
    ferrofin_tests::queue_conformance!(ferrofin_tests::embedded_subjects::queue);
}

mod queue_durable {
    ferrofin_tests::queue_conformance!(ferrofin_tests::embedded_subjects::durable_queue);
}

mod mailer {
    ferrofin_tests::mailer_conformance!(ferrofin_tests::embedded_subjects::mailer);
}
