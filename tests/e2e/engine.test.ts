// The engine setting on the New experiment screen lists the engines this machine has (WebGPU with its
// adapter, marked when it is a software one), and a choice sticks: the next run trains on it and the Runs
// table shows the engine each run trained on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTiny, screenshot, useLabPage, waitCount, waitText } from './lab-server.js';

const session = useLabPage();
const skip = session.skip ?? (process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false);

test('choose the WebGPU engine; the run trains on it and Runs says so', { skip, timeout: 120_000 }, () =>
  session.step('engine choice', async ({ page, errors }) => {
    await page.click('[data-nav=new]');
    const select = page.locator('[data-testid=engine-select]');
    await select.waitFor();
    const labels = await select.locator('option').allTextContents();
    assert.ok(labels.some((l) => /^Automatic/.test(l)) && labels.some((l) => /^CPU engine/.test(l)), labels.join(' | '));
    const webgpu = labels.find((l) => /^WebGPU/.test(l));
    assert.ok(webgpu && !/unavailable/.test(webgpu), `WebGPU is listed as available: ${webgpu}`);
    await select.selectOption('webgpu');
    // The choice is the lab's once the core has taken it (the sidebar follows the core's answer).
    await waitText(page, '[data-testid=engine-status]', 'Engine: WebGPU');
    assert.match((await page.textContent('[data-testid=engine]')) ?? '', /OpenGL|Vulkan|Metal|D3D|[A-Za-z]/);
    await screenshot(page, '18-engine-choice');
    await fillTiny(page, { limitTrain: '64', limitTest: '32' });
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=screen-monitor]');
    await waitCount(page, '[data-testid=run-progress][data-status=finished]', 1, 90_000);
    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 1);
    assert.match((await page.textContent('[data-testid=row-engine]')) ?? '', /^WebGPU · /);
    // The choice is the lab's: a reload still shows it.
    await page.reload();
    await page.click('[data-nav=new]');
    assert.equal(await page.locator('[data-testid=engine-select]').inputValue(), 'webgpu');
    assert.deepEqual(errors, []);
  }),
);
