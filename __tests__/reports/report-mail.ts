/** A report mail as receivers send it: a short text part and the report as a base64 attachment. */
export function reportMail(subject: string, filename: string, contentType: string, content: Buffer): string {
  const base64 = content.toString('base64').replace(/.{76}/g, '$&\n');
  return `From: noreply-dmarc-support@google.com
To: dmarc@mosamuseum.com
Subject: ${subject}
Message-ID: <${subject.replace(/\W/g, '')}@reporter.example>
Date: Mon, 02 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

This is an aggregate report.
--b1
Content-Type: ${contentType}; name="${filename}"
Content-Disposition: attachment; filename="${filename}"
Content-Transfer-Encoding: base64

${base64}
--b1--
`;
}
