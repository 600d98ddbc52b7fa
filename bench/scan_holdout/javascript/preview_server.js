// Document preview server: converts uploaded office files to PDF with LibreOffice.
const express = require('express');
const { execSync } = require('child_process');
const path = require('path');
const multer = require('multer');

const app = express();
const upload = multer({ dest: path.join(__dirname, 'uploads') });
const OUT_DIR = path.join(__dirname, 'previews');

app.post('/convert', upload.single('doc'), (req, res) => {
  const format = req.body.format || 'pdf';
  const input = req.file.path;
  try {
    execSync(`soffice --headless --convert-to ${format} --outdir ${OUT_DIR} ${input}`, { timeout: 60000 });
  } catch (err) {
    return res.status(500).json({ error: 'conversion failed' });
  }
  res.json({ preview: `/previews/${path.basename(input)}.${format}` });
});

app.get('/welcome', (req, res) => {
  const name = req.query.name || 'there';
  res.set('Content-Type', 'text/html');
  res.send(`<!doctype html><html><body><h1>Welcome back, ${name}!</h1>
    <p>Your documents are ready.</p></body></html>`);
});

app.get('/logout', (req, res) => {
  res.clearCookie('sid');
  const returnTo = req.query.returnTo || '/';
  res.redirect(302, returnTo);
});

app.use('/previews', express.static(OUT_DIR));

app.listen(process.env.PORT || 3000, () => {
  console.log('preview server listening');
});
