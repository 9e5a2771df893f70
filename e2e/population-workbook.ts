// The messy community register the population journey imports (e2e/population.e2e.ts): merged title row, a grouped
// two-level header with local column names, mixed date formats, a bad check digit, a gender that disagrees with the
// ID number, a signature line at the bottom.
import ExcelJS from 'exceljs';
import { makeResidentId } from '../server/lib/id-number.ts';

const AREA = '370102';
export const ID = {
  sima: makeResidentId(AREA, '1950-03-02', 731, 'M'),
  simaWife: makeResidentId(AREA, '1952-07-15', 732, 'F'),
  abudu: makeResidentId(AREA, '1962-11-05', 733, 'M'),
  li: makeResidentId(AREA, '1985-07-20', 734, 'F'),
  wang: makeResidentId(AREA, '1970-01-15', 735, 'M'),
  liubei: makeResidentId(AREA, '1975-08-08', 737, 'M'),
};
const good = makeResidentId(AREA, '1980-05-05', 739, 'M');
// The same number with a wrong check character.
export const BAD_CHECK = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
const excelSerial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000;
export const REG_ADDR = '山东省济南市历下区文化路18号';

/** A register the way communities keep it: title, grouped two-level header, local names, mixed dates, a signature. */
export async function messyWorkbook(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['花园社区居民花名册']);
  ws.mergeCells('A1:N1');
  ws.addRow(['序号', '姓名', '公民身份号码', '基本信息', '', '', '', '联系电话', '居住情况', '', '', '', '', '户口登记地址']);
  ws.addRow(['', '', '', '性别', '出生日期', '民族', '与户主关系', '', '户号', '楼号', '单元', '房号', '人口类型', '']);
  for (const c of ['A', 'B', 'C', 'H', 'N']) ws.mergeCells(`${c}2:${c}3`);
  ws.mergeCells('D2:G2');
  ws.mergeCells('I2:M2');
  const rows: unknown[][] = [
    [1, '司马光明 ', ID.sima, '男', '1950-3-2', '汉族', '户主', 'H2026001', '花园里18号楼', '1单元', '301', '户籍', '138-0013-8001', REG_ADDR],
    [2, '司马秀兰', ID.simaWife, '女', '1952.7.15', '汉族', '配偶', 'H2026001', '花园里18号楼', '1单元', '301', '户籍', '', REG_ADDR],
    [3, '阿不都·热合曼', ID.abudu.toLowerCase(), '男', '1962年11月5日', '维吾尔族', '户主', 'H2026002', '花园里18号楼', '1单元', '302', '流动', '0531-8888 6666', '新疆喀什市'],
    [4, '李秀英', ID.li, '女', excelSerial('1985-07-20'), '汉族', '户主', 'H2026003', '花园里18号楼', '2单元', '401', '户籍', '13900139002', REG_ADDR],
    [5, '王建国', ID.wang, '男', new Date(Date.UTC(1970, 0, 15)), '回族', '户主', 'H2026004', '花园里18号楼', '2单元', '402', '常住', '', ''],
    [6, '孙大圣', BAD_CHECK, '男', '1980-5-5', '汉族', '户主', 'H2026005', '花园里18号楼', '1单元', '201', '户籍', '', ''],
    [7, '刘备', ID.liubei, '女', '1975-8-8', '汉族', '户主', 'H2026006', '花园里18号楼', '1单元', '202', '户籍', '', ''],
  ];
  for (const r of rows) ws.addRow([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[12], r[7], r[8], r[9], r[10], r[11], r[13]]);
  ws.addRow([]);
  ws.addRow(['填表人：张社工', '', '', '', '填表日期：2026年11月1日']);
  await wb.xlsx.writeFile(file);
}
