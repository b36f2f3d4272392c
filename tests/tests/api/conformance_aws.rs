//! The port conformance suites on the AWS adapters, against DynamoDB Local (table) and moto
//! (S3, SQS, SES v2). Built with `--features ferrofin-tests/emulators`, as scripts/test does.

mod table {
    ferrofin_tests::table_conformance!(ferrofin_tests::emulators::table);
}

mod blobs {
    ferrofin_tests::blobs_conformance!(ferrofin_tests::emulators::blobs);

    /// S3 enforces what a presigned PUT signs; the signature must cover type and length.
    #[tokio::test]
    async fn a_presigned_put_signs_content_type_and_length() {
        use ferrofin_platform::ports::blobs::UploadPolicy;
        let subject = ferrofin_tests::emulators::blobs().await;
        let policy = UploadPolicy {
            content_type: "text/csv".to_owned(),
            content_length: 10,
            expires_in: time::Duration::minutes(5),
        };
        let request = subject
            .blobs
            .presign_put("users/u/import.csv", &policy)
            .await
            .expect("presign");
        let signed_headers = request
            .url
            .split(['?', '&'])
            .find_map(|part| part.strip_prefix("X-Amz-SignedHeaders="))
            .expect("SigV4 query signature");
        assert!(
            signed_headers.contains("content-length"),
            "{signed_headers}"
        );
        assert!(signed_headers.contains("content-type"), "{signed_headers}");
    }
}

mod queue {
    ferrofin_tests::queue_conformance!(ferrofin_tests::emulators::queue);
}

mod mailer {
    ferrofin_tests::mailer_conformance!(ferrofin_tests::emulators::mailer);
}
