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

/// The readiness probe's checks fail when what they check is missing.
mod ready {
    use ferrofin_platform::adapters::aws::{S3Blobs, SesMailer};
    use ferrofin_platform::ports::blobs::{BlobError, Blobs};
    use ferrofin_platform::ports::mailer::{MailError, Mailer};
    use ferrofin_tests::emulators::sdk_config;

    #[tokio::test]
    async fn a_bucket_that_does_not_exist_fails_the_ping() {
        let sdk = sdk_config().await;
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&sdk)
                .force_path_style(true)
                .build(),
        );
        let blobs = S3Blobs::new(
            s3,
            "ferrofin-no-such-bucket",
            ferrofin_tests::embedded_subjects::test_clock(),
        );
        assert!(matches!(blobs.ping().await, Err(BlobError::Unavailable(_))));
    }

    #[tokio::test]
    async fn a_sender_without_a_verified_identity_fails_the_ping() {
        let ses = aws_sdk_sesv2::Client::new(&sdk_config().await);
        let mailer = SesMailer::new(ses, "nobody@unverified.example");
        assert!(matches!(
            mailer.ping().await,
            Err(MailError::Unavailable(_))
        ));
    }
}

mod queue {
    ferrofin_tests::queue_conformance!(ferrofin_tests::emulators::queue);
}

mod mailer {
    ferrofin_tests::mailer_conformance!(ferrofin_tests::emulators::mailer);
}
