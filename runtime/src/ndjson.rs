//! Newline-delimited JSON request bodies (`application/x-ndjson`: Vectorize inserts and
//! upserts): a list of typed items, one JSON value per line, for the builder's `.body(..)`.
//!
//! ```
//! #[derive(serde::Serialize)]
//! struct Vector { id: String, values: Vec<f32> }
//! let vectors = [Vector { id: "a".into(), values: vec![0.1, 0.2] }, Vector { id: "b".into(), values: vec![0.3, 0.4] }];
//! let body = cloudflare_sdk::ndjson::lines(&vectors)?;
//! assert_eq!(body, "{\"id\":\"a\",\"values\":[0.1,0.2]}\n{\"id\":\"b\",\"values\":[0.3,0.4]}\n");
//! // client.account(account_id).vectorize().v2().index(index_id).insert().body(body).send().await?;
//! # Ok::<(), serde_json::Error>(())
//! ```

use bytes::{BufMut, Bytes, BytesMut};

/// `items` as NDJSON: each serialized on one line (JSON escapes every newline inside a
/// value), each line ended by `\n`.
pub fn lines<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Result<Bytes, serde_json::Error> {
    let mut out = BytesMut::new().writer();
    for item in items {
        serde_json::to_writer(&mut out, &item)?;
        out.get_mut().put_u8(b'\n');
    }
    Ok(out.into_inner().freeze())
}
