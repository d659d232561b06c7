import { mailRefusal } from './mail-transport.js';

describe('mailRefusal', () => {
  it('takes a 5xx answer as permanent, with the server’s words', () => {
    expect(
      mailRefusal(
        Object.assign(new Error("Can't send mail"), { responseCode: 550, response: '550 Mailbox unavailable' }),
      ),
    ).toEqual({ permanent: true, reason: '550 Mailbox unavailable' });
    expect(mailRefusal(Object.assign(new Error('Message rejected'), { responseCode: 554 }))).toEqual({
      permanent: true,
      reason: '554 Message rejected',
    });
  });

  it('takes a 4xx answer or a lost connection as passing', () => {
    expect(
      mailRefusal(Object.assign(new Error('x'), { responseCode: 451, response: '451 Try again\r\n later' })),
    ).toEqual({
      permanent: false,
      reason: '451 Try again later',
    });
    expect(mailRefusal(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }))).toEqual({
      permanent: false,
      reason: 'connect ECONNREFUSED 127.0.0.1:25',
    });
  });
});
