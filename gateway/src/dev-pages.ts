import { createHash } from 'node:crypto';
import type { Router } from 'express';
import { captchaAnswer, captchaAnswersFile, outboxFile, readOutbox, recentCaptchaAnswers, type PlatformConfig } from '@zsb/platform';
import { contentSecurityPolicy, policyHeader } from './security-headers.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = 'body{font:14px/1.5 system-ui,sans-serif;margin:16px;color:#1f2933}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e4e7eb;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f5f7fa}';
// The page's one inline stylesheet is allowed by its hash, not by 'unsafe-inline'.
const POLICY = policyHeader(contentSecurityPolicy(false, { styleSrc: [`'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`] }));

/**
 * Development only (never mounted in production): the SMS outbox and the answers of issued captchas, as a page
 * (`/dev/sms`) and as JSON (`/dev/sms.json?phone=`, `/dev/captchas.json?id=`), so a person or a script can go
 * through the flows as a candidate would.
 */
export function mountDevelopmentPages(router: Router, config: PlatformConfig): void {
  const file = outboxFile(config);
  const captchas = captchaAnswersFile(config);
  router.get('/dev/captchas.json', (req, res) => {
    const id = typeof req.query.id === 'string' ? req.query.id : undefined;
    if (!id) return void res.json(recentCaptchaAnswers(captchas, 100));
    const answer = captchaAnswer(captchas, id);
    res.status(answer ? 200 : 404).json(answer ? { id, answer } : { error: 'no such captcha was issued here' });
  });
  router.get('/dev/sms.json', (req, res) => {
    const phone = typeof req.query.phone === 'string' ? req.query.phone : undefined;
    res.json(readOutbox(file, phone).reverse().slice(0, 100));
  });
  router.get('/dev/sms', (_req, res) => {
    const rows = readOutbox(file)
      .reverse()
      .slice(0, 100)
      .map((m) => `<tr><td>${escape(m.at.replace('T', ' ').slice(0, 19))}</td><td>${escape(m.phone)}</td><td>${escape(m.province)}</td><td>${escape(m.purpose)}</td><td>${escape(m.text)}</td></tr>`)
      .join('');
    const answers = recentCaptchaAnswers(captchas, 20)
      .map((c) => `<tr><td>${escape(c.at.replace('T', ' ').slice(0, 19))}</td><td>${escape(c.id)}</td><td><b>${escape(c.answer)}</b></td></tr>`)
      .join('');
    res.setHeader('content-security-policy', POLICY);
    res.type('html').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="5"><title>短信发件箱（开发环境）</title>
<style>${STYLE}</style></head>
<body><h1>短信发件箱 <small>（仅开发环境，每5秒刷新）</small></h1><p>开发环境不发送真实短信，验证码写在这里。</p>
<table><thead><tr><th>时间 (UTC)</th><th>手机号</th><th>省份</th><th>用途</th><th>内容</th></tr></thead><tbody>${rows || '<tr><td colspan="5">暂无短信</td></tr>'}</tbody></table>
<h2>图片验证码答案</h2><p>供脚本和压测读取（<code>/dev/captchas.json?id=…</code>，或 <code>npm run cli -- captcha:answer ID</code>）；生产环境不保存答案。</p>
<table><thead><tr><th>时间 (UTC)</th><th>验证码编号</th><th>答案</th></tr></thead><tbody>${answers || '<tr><td colspan="3">暂无验证码</td></tr>'}</tbody></table></body></html>`);
  });
}
