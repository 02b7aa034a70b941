// @vitest-environment happy-dom
// Settings → 手机提醒 (issue 12): the channels with how each fared (last delivery; last failure in
// the core's words and when it is tried again), the address with its key hidden; adding one sends
// what was typed (a secret only for platforms that sign) and refuses in Chinese; a test says
// whether it was delivered and why not; removal asks first. The rules — addresses, signatures,
// once per level — are the core's (tests/push_channels.rs) and reached through the shell there.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../ipc/fixtures';
import { calls, click, q, qa, startApp, toastSaying, type, until, useAppHarness, type Setup } from './harness';

useAppHarness();

async function openSettings(setup?: Setup) {
  await startApp({}, setup);
  click(q('[data-testid=nav-settings]'));
  return until(() => q('[data-testid=settings-push]'), 'the phone push section');
}

const text = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();

describe('phone push channels', () => {
  it('lists each channel with its hidden key and how it fared', async () => {
    await openSettings();
    const rows = await until(() => qa('[data-testid=push-channel]').length === 2 && qa('[data-testid=push-channel]'), 'the rows');
    expect(text(rows[0])).toContain('店长群 · 企业微信群机器人');
    expect(text(rows[0])).toContain('key=693a…');
    expect(text(rows[0].querySelector('[data-testid=push-last-ok]'))).toMatch(/^上次送达：2026年11月22日/);
    expect(text(rows[1])).toContain('钉钉群机器人 · 已设签名');
    expect(text(rows[1].querySelector('[data-testid=push-last-error]'))).toContain('平台拒绝了签名：请核对签名密钥');
    expect(text(rows[1])).toContain('后自动重试');
  });

  it('adds a channel with what was typed, the secret only where the platform signs', async () => {
    const section = await openSettings((m) => m.answer('channels', []));
    await until(() => q('[data-testid=push-none]'), 'the empty state');
    expect(text(section)).toContain('群设置 → 群机器人 → 添加机器人');
    expect(q('[data-testid=push-secret]')).toBeNull();
    const add = q<HTMLButtonElement>('[data-testid=push-add-button]')!;
    expect(add.disabled).toBe(true);
    const kind = q<HTMLSelectElement>('[data-testid=push-kind]')!;
    kind.value = 'dingtalk';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => q('[data-testid=push-secret]'), 'the secret field for 钉钉');
    expect(text(section)).toContain('以 SEC 开头');
    type(q('[data-testid=push-url]')!, ' https://oapi.dingtalk.com/robot/send?access_token=abc ');
    type(q('[data-testid=push-secret]')!, 'SECxyz');
    type(q('[data-testid=push-name]')!, '店长群');
    click(add);
    await toastSaying('已添加，可以先发一条测试消息看看');
    expect(calls('add_channel')).toEqual([
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECxyz', name: '店长群' },
    ]);
    await until(() => qa('[data-testid=push-channel]').length === 1, 'the new channel listed');
    expect(q<HTMLInputElement>('[data-testid=push-url]')!.value).toBe('');
  });

  it('says a refused address in Chinese and keeps what was typed', async () => {
    await openSettings((m) => m.fail('add_channel', { code: 'channel_bad_url', message: 'this is not a WeCom (企业微信) group robot address' }));
    type(q('[data-testid=push-url]')!, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send');
    expect(q<HTMLButtonElement>('[data-testid=push-add-button]')!.disabled).toBe(false);
    click(q('[data-testid=push-add-button]'));
    await until(() => calls('add_channel').length === 1, 'the call');
    await toastSaying(
      '这不是该平台机器人的地址：请从机器人设置里复制完整的 Webhook 地址（企业微信含 key=，钉钉含 access_token=，飞书含 /bot/v2/hook/）',
    );
    expect(q<HTMLInputElement>('[data-testid=push-url]')!.value).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send');
  });

  it('says whether a test message was delivered, and why not', async () => {
    await openSettings((m) =>
      m.answer('test_channel', (a) => (a.id === 1 ? { ok: true, channel: CHANNELS[0] } : { ok: false, channel: CHANNELS[1] })),
    );
    const buttons = await until(() => qa('[data-testid=push-test]').length === 2 && qa('[data-testid=push-test]'), 'the test buttons');
    click(buttons[0]);
    const ok = await until(() => q('[data-testid=push-test-result]'), 'the result');
    expect(text(ok)).toBe('测试消息已送达，请到群里查看');
    click(buttons[1]);
    await until(() => qa('[data-testid=push-test-result]').length === 2, 'the second result');
    expect(text(qa('[data-testid=push-test-result]')[1])).toBe(
      '没有送达：平台拒绝了签名：请核对签名密钥，并确认这台电脑的时间准确（错误 310000：sign not match）',
    );
    expect(calls('test_channel')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('asks before removing a channel', async () => {
    await openSettings();
    const remove = await until(() => qa('[data-testid=push-remove]')[1], 'the remove button');
    click(remove);
    const dialog = await until(() => q('[data-testid=push-remove-dialog]'), 'the question');
    expect(text(dialog)).toContain('删除渠道“钉钉”吗？之后提醒不再发到这里。');
    expect(calls('remove_channel')).toEqual([]);
    click(dialog.querySelector('[data-testid=save]'));
    await toastSaying('已删除');
    expect(calls('remove_channel')).toEqual([{ id: 2 }]);
    await until(() => qa('[data-testid=push-channel]').length === 1, 'one channel left');
  });
});
