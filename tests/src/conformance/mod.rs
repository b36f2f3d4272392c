//! Port conformance suites: one behaviour per function, run against every adapter of the port.
//!
//! `conformance_tests!(suite, make_subject, [case, ...])` expands to one `#[tokio::test]` per
//! case, so a failure names the behaviour and the adapter (its module).

pub mod blobs;
pub mod mailer;
pub mod queue;
pub mod table;

/// Expands to one test per case of `suite`, each on a fresh subject from `make` (an async fn).
#[macro_export]
macro_rules! conformance_tests {
    ($suite:ident, $make:path, [$($case:ident),* $(,)?]) => {
        $(
            #[tokio::test]
            async fn $case() {
                let subject = $make().await;
                $crate::conformance::$suite::$case(&subject).await;
            }
        )*
    };
}

/// Every case of the Table suite.
#[macro_export]
macro_rules! table_conformance {
    ($make:path) => {
        $crate::conformance_tests!(
            table,
            $make,
            [
                get_returns_every_attribute_type_put_stored,
                get_of_a_missing_key_is_none,
                put_if_not_exists_refuses_a_second_put,
                put_with_the_expected_version_succeeds_and_a_stale_version_conflicts,
                exists_and_equals_conditions_fail_on_a_missing_item,
                delete_honours_its_condition_and_deleting_a_missing_item_succeeds,
                query_returns_one_partition_in_sort_order_both_ways,
                query_applies_each_sort_key_condition,
                query_pages_visit_every_item_once_and_end_without_a_cursor,
                backward_pages_resume_where_they_stopped,
                gsi_query_orders_by_index_sort_key_and_pages,
                items_without_index_keys_stay_out_of_the_gsi,
                increment_counts_concurrent_adds_exactly,
                expired_items_are_absent_and_their_keys_reusable,
                an_expired_counter_starts_again,
                transaction_applies_every_write,
                transaction_with_a_failed_condition_changes_nothing_and_names_the_write,
                transaction_touching_one_item_twice_is_refused,
                a_transaction_of_the_tables_limit_succeeds_and_more_is_refused,
                get_many_answers_in_the_order_asked_with_none_for_what_is_missing,
            ]
        );
    };
}

/// Every case of the Blobs suite.
#[macro_export]
macro_rules! blobs_conformance {
    ($make:path) => {
        $crate::conformance_tests!(
            blobs,
            $make,
            [
                get_streams_back_the_bytes_and_type_put_stored,
                head_and_get_of_a_missing_object_are_none,
                delete_removes_and_deleting_a_missing_object_succeeds,
                list_answers_the_keys_under_a_prefix_up_to_a_limit,
                a_presigned_put_uploads_what_the_store_then_serves,
                a_presigned_get_downloads_the_object,
                a_presigned_attachment_download_names_the_file,
                a_copy_has_the_bytes_and_type_of_its_source,
                presigning_refuses_bad_keys_and_expiries,
                a_reachable_store_answers_its_ping,
            ]
        );
    };
}

/// Every case of the Queue suite.
#[macro_export]
macro_rules! queue_conformance {
    ($make:path) => {
        $crate::conformance_tests!(
            queue,
            $make,
            [
                a_sent_envelope_arrives_unchanged,
                a_batch_larger_than_ten_arrives_whole,
                a_reachable_queue_answers_its_ping,
            ]
        );
    };
}

/// Every case of the Mailer suite.
#[macro_export]
macro_rules! mailer_conformance {
    ($make:path) => {
        $crate::conformance_tests!(
            mailer,
            $make,
            [
                a_sent_email_reaches_its_recipient_with_subject_and_body,
                a_mailer_with_a_verified_sender_answers_its_ping,
            ]
        );
    };
}
