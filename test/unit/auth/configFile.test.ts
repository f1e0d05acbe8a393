// ~/.config/copr as Copr's /api page writes it: the token and its expiration comment, for Sign In and the warning.
import * as assert from 'node:assert/strict';
import { daysUntil, EXPIRY_WARNING_DAYS, parseCoprConfig } from '../../../src/config/coprConfigFile';

const FILE = `# This is your API token. It expires regularly, renew it at https://copr.fedorainfracloud.org/api/
[copr-cli]
login = abcdefghij
username = alice
token = zyxwvutsrq
copr_url = https://copr.fedorainfracloud.org
# expiration date: 2027-05-30
`;

describe('auth/copr-cli config file', () => {
  it('reads login, token and the expiration date of the [copr-cli] section', () => {
    assert.deepEqual(parseCoprConfig(FILE), {
      login: 'abcdefghij', username: 'alice', token: 'zyxwvutsrq', url: 'https://copr.fedorainfracloud.org', expires: '2027-05-30',
    });
  });

  it('ignores an expiration comment outside [copr-cli], and a malformed one', () => {
    assert.equal(parseCoprConfig('# expiration date: 2027-01-01\n[copr-cli]\ntoken = t\n').expires, undefined);
    assert.equal(parseCoprConfig('[copr-cli]\n# expiration date: soon\n').expires, undefined);
  });

  it('counts whole UTC days to the expiry, negative once expired', () => {
    const noon = Date.parse('2027-05-16T12:00:00Z');
    assert.equal(daysUntil('2027-05-30', noon), EXPIRY_WARNING_DAYS);
    assert.equal(daysUntil('2027-05-16', noon), 0);
    assert.equal(daysUntil('2027-05-15', noon), -1);
    assert.equal(daysUntil('2027-13-45', noon), undefined);
    assert.equal(daysUntil(undefined, noon), undefined);
  });
});
