// The spreadsheet template offered on the import screen and the first-run screen: the headers the
// importer accepts (SPEC §5; the same words the core's export writes) in the UI language, with two
// example rows.
import type { Lang } from '../ipc/types';

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['序列号', '品牌', '型号', '类型', '服务商', '商户号', '终端号', '门店', '状态', '启用日期', '保修截止', 'ICCID', '运营商', '流量卡到期', '流量费', '押金', '押金返还截止', '备注'],
  'zh-TW': ['序號', '品牌', '型號', '類型', '服務商', '商店代號', '端末機代號', '門市', '狀態', '啟用日期', '保固截止', 'ICCID', '電信業者', 'SIM卡到期', '流量費', '押金', '押金返還截止', '備註'],
  en: ['sn', 'brand', 'model', 'kind', 'provider', 'merchant_no', 'terminal_no', 'store', 'status', 'activated_on', 'warranty_until', 'iccid', 'carrier', 'sim_expires_on', 'sim_annual_fee', 'deposit_amount', 'deposit_deadline', 'notes'],
};

const ROWS: Record<Lang, string[][]> = {
  'zh-CN': [
    ['PAX-A920-0001', 'PAX 百富', 'A920', '智能POS', '银联商务', '898110012345678', '10000001', '朝阳路店', '使用中', '2026-03-05', '2027-03-05', '89860012345678901238', '中国移动', '2027-03-05', '45', '199', '2027-01-05', ''],
    ['NL-ME31-0002', '新大陆', 'ME31', '电签', '拉卡拉', '', '', '人民广场店', '备用', '2026/3/5', '', '', '', '', '', '', '', '备用机'],
  ],
  'zh-TW': [
    ['PAX-A920-0001', 'PAX 百富', 'A920', '智能POS', '銀聯商務', '898110012345678', '10000001', '朝陽路店', '使用中', '2026-03-05', '2027-03-05', '89860012345678901238', '中國移動', '2027-03-05', '45', '199', '2027-01-05', ''],
    ['NL-ME31-0002', '新大陸', 'ME31', '電簽POS', '拉卡拉', '', '', '人民廣場店', '備用', '2026/3/5', '', '', '', '', '', '', '', '備用機'],
  ],
  en: [
    ['PAX-A920-0001', 'PAX', 'A920', 'smart', 'UnionPay Merchant Services', '898110012345678', '10000001', 'Main Street', 'in_use', '2026-03-05', '2027-03-05', '89860012345678901238', 'china_mobile', '2027-03-05', '45', '199', '2027-01-05', ''],
    ['NL-ME31-0002', 'Newland', 'ME31', 'e_sign', 'Lakala', '', '', 'Station Road', 'spare', '2026-03-05', '', '', '', '', '', '', '', 'spare unit'],
  ],
};

export function templateHeaders(lang: Lang): string[] {
  return HEADERS[lang];
}

function cell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The template as CSV text with a BOM (so Excel on Chinese Windows reads it as UTF-8). */
export function templateCsv(lang: Lang): string {
  const lines = [HEADERS[lang], ...ROWS[lang]].map((r) => r.map(cell).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export function templateFileName(lang: Lang): string {
  return lang === 'en' ? 'poskeeper-template.csv' : lang === 'zh-TW' ? 'POS管家-匯入範本.csv' : 'POS管家-导入模板.csv';
}
